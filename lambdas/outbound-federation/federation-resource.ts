/**
 * The custom resource's logic: Create and Update turn the account's outbound web identity
 * federation on and answer its issuer URL; Delete leaves the switch as it is, because it is
 * account-wide and other stacks, teams or tools may rely on it. A failure is thrown, so the
 * Provider framework reports FAILED and the deployment rolls back.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { parseProviderRequest } from '../shared/custom-resource-event';
import { FederationIssuerMissingError, InvalidFederationEventError } from './errors';
import type { OutboundFederationApi } from './iam-federation';

export const PHYSICAL_RESOURCE_ID = 'outbound-web-identity-federation';

export interface FederationResourceResponse {
  readonly PhysicalResourceId: string;
  /** Empty on Delete: CloudFormation reads attributes only after Create and Update. */
  readonly Data: { readonly IssuerIdentifier?: string };
}

export interface FederationResourceDependencies {
  readonly federation: OutboundFederationApi;
  readonly logger: Logger;
}

export function createFederationHandler(
  dependencies: FederationResourceDependencies,
): (input: unknown) => Promise<FederationResourceResponse> {
  const { federation, logger } = dependencies;
  return async (input) => {
    try {
      const event = parseProviderRequest(
        input,
        (message) => new InvalidFederationEventError(message),
      );
      logger.appendKeys({ requestType: event.RequestType, stackId: event.StackId });
      if (event.RequestType === 'Delete') {
        logger.info('Delete leaves the account-wide federation switch on');
        return { PhysicalResourceId: event.PhysicalResourceId, Data: {} };
      }
      await federation.enable();
      // Enable names the issuer only when it did the enabling, so it is always read.
      const issuer = await federation.issuerUrl();
      if (issuer === undefined || issuer === '') {
        throw new FederationIssuerMissingError('IAM returned no outbound federation issuer URL');
      }
      logger.info('Outbound web identity federation is on', { issuer });
      return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { IssuerIdentifier: issuer } };
    } catch (error) {
      logger.error('Outbound federation request failed', { error });
      throw error;
    }
  };
}

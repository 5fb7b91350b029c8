import { Logger } from '@aws-lambda-powertools/logger';
import {
  FederationIssuerMissingError,
  InvalidFederationEventError,
} from '../../../../lambdas/outbound-federation/errors';
import {
  PHYSICAL_RESOURCE_ID,
  createFederationHandler,
} from '../../../../lambdas/outbound-federation/federation-resource';
import type { OutboundFederationApi } from '../../../../lambdas/outbound-federation/iam-federation';
import { providerRequest } from '../../../fixtures/events/custom-resource';

const ISSUER = 'https://abc123.tokens.sts.global.api.aws';

function federationRequest(requestType: 'Create' | 'Update' | 'Delete') {
  return providerRequest(requestType, {
    resourceType: 'Custom::OutboundWebIdentityFederation',
    logicalResourceId: 'OutboundFederationResource',
    physicalResourceId: PHYSICAL_RESOURCE_ID,
  });
}

function handlerWith(federation: Partial<OutboundFederationApi> = {}) {
  const calls: string[] = [];
  const api: OutboundFederationApi = {
    enable: jest.fn(async () => {
      calls.push('enable');
      await federation.enable?.();
    }),
    issuerUrl: jest.fn(async () => {
      calls.push('issuerUrl');
      return federation.issuerUrl ? federation.issuerUrl() : ISSUER;
    }),
  };
  const handler = createFederationHandler({
    federation: api,
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  return { handler, calls };
}

describe('createFederationHandler', () => {
  it.each(['Create', 'Update'] as const)(
    'turns the feature on, then answers the issuer URL (%s)',
    async (type) => {
      const { handler, calls } = handlerWith();

      await expect(handler(federationRequest(type))).resolves.toEqual({
        PhysicalResourceId: PHYSICAL_RESOURCE_ID,
        Data: { IssuerIdentifier: ISSUER },
      });
      expect(calls).toEqual(['enable', 'issuerUrl']);
    },
  );

  it('never turns the account-wide feature off on Delete', async () => {
    const { handler, calls } = handlerWith();

    await expect(handler(federationRequest('Delete'))).resolves.toEqual({
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      Data: {},
    });
    expect(calls).toEqual([]);
  });

  it('fails the deployment when IAM names no issuer', async () => {
    const { handler } = handlerWith({ issuerUrl: () => Promise.resolve(undefined) });

    await expect(handler(federationRequest('Create'))).rejects.toBeInstanceOf(
      FederationIssuerMissingError,
    );
  });

  it('fails the deployment when enabling fails, without reading the issuer', async () => {
    const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
    const { handler, calls } = handlerWith({ enable: () => Promise.reject(denied) });

    await expect(handler(federationRequest('Create'))).rejects.toBe(denied);
    expect(calls).toEqual(['enable']);
  });

  it('refuses an invalid request without calling IAM', async () => {
    const { handler, calls } = handlerWith();

    await expect(handler({ hello: 'world' })).rejects.toBeInstanceOf(InvalidFederationEventError);
    expect(calls).toEqual([]);
  });
});

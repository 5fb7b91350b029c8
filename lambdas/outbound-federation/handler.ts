/**
 * Lambda entry point: the `onEvent` function of the outbound-federation custom resource
 * (`custom_resources.Provider`). Thin: the IAM client (bundled, see iam-federation.ts) and the
 * logger are created once per container; federation-resource.ts decides what each request does.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { createObservability } from '../shared/observability';
import { createFederationHandler } from './federation-resource';
import { iamOutboundFederation } from './iam-federation';

const { logger, tracer } = createObservability('outbound-federation');
const client = tracer.captureAWSv3Client(new IAMClient({}));

export const handler = createFederationHandler({
  federation: iamOutboundFederation(client),
  logger,
});

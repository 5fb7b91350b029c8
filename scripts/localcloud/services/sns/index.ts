import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createQueryService } from '../../core/query-protocol';

// Placeholder: the operations of this service are not implemented yet.
export function createSnsService(context: LocalCloudContext): ServiceHandler {
  return createQueryService({
    signingName: 'sns',
    xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
    operations: {},
    context,
    reset: () => undefined,
  });
}

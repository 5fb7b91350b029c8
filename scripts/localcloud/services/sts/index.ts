import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createQueryService } from '../../core/query-protocol';

// Placeholder: the operations of this service are not implemented yet.
export function createStsService(context: LocalCloudContext): ServiceHandler {
  return createQueryService({
    signingName: 'sts',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    operations: {},
    context,
    reset: () => undefined,
  });
}

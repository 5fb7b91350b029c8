import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService } from '../../core/json-protocol';

// Placeholder: the operations of this service are not implemented yet.
export function createSqsService(context: LocalCloudContext): ServiceHandler {
  return createJsonService({
    signingName: 'sqs',
    targetPrefix: 'AmazonSQS',
    jsonVersion: '1.0',
    operations: {},
    context,
    reset: () => undefined,
  });
}

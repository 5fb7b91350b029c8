import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService } from '../../core/json-protocol';

// Placeholder: the operations of this service are not implemented yet.
export function createDynamoDbService(context: LocalCloudContext): ServiceHandler {
  return createJsonService({
    signingName: 'dynamodb',
    targetPrefix: 'DynamoDB_20120810',
    jsonVersion: '1.0',
    operations: {},
    context,
    reset: () => undefined,
  });
}

import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService } from '../../core/json-protocol';

// Placeholder: the operations of this service are not implemented yet.
export function createEventsService(context: LocalCloudContext): ServiceHandler {
  return createJsonService({
    signingName: 'events',
    targetPrefix: 'AWSEvents',
    jsonVersion: '1.1',
    operations: {},
    context,
    reset: () => undefined,
  });
}

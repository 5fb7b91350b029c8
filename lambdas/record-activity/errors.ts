/**
 * Typed errors of the activity consumer. Each fails the invocation on purpose: the MSK mapping
 * retries the batch, then hands its offsets to the on-failure queue, so no batch is skipped
 * silently. A bad record is not an error: it is counted and left out (`activity-item.ts`).
 */
import { PermanentError, RetryableError } from '../shared/errors';

/** The event is not an MSK event of the activity topics. */
export class InvalidKafkaEventError extends PermanentError {
  override readonly name = 'InvalidKafkaEventError';
}

/** DynamoDB left items unprocessed through every retry (throttling); the retried batch writes them. */
export class ActivityNotWrittenError extends RetryableError {
  override readonly name = 'ActivityNotWrittenError';
}

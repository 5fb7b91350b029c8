/**
 * Typed errors of the traffic monitor. Each fails the invocation on purpose: the MSK mapping
 * retries the batch, then hands it to its on-failure destination, so no batch is skipped silently.
 */
import { PermanentError, RetryableError } from '../shared/errors';

/** The event is not an MSK event of the topics the monitor is configured for. */
export class InvalidKafkaEventError extends PermanentError {
  override readonly name = 'InvalidKafkaEventError';
}

/** Another writer kept changing a minute's window; the retried batch settles it. */
export class WindowContentionError extends RetryableError {
  override readonly name = 'WindowContentionError';
}

/** EventBridge did not accept the bot-attack event; the retried batch publishes it again. */
export class AlertNotPutError extends RetryableError {
  override readonly name = 'AlertNotPutError';
}

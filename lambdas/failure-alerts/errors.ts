/**
 * Typed errors of the alert function. Every one of them fails the invocation on purpose: the
 * function is invoked asynchronously, so Lambda retries it and then hands the event to the
 * function's own dead-letter destination, where nothing is lost.
 */
import { PermanentError, RetryableError } from '../shared/errors';

/** The event is none of the inputs this function handles (unknown source or detail-type). */
export class UnsupportedEventError extends PermanentError {
  override readonly name = 'UnsupportedEventError';
}

/** The event claims a known source but does not have that source's documented shape. */
export class InvalidAlertEventError extends PermanentError {
  override readonly name = 'InvalidAlertEventError';
}

/** The dedupe window could not be settled: other invocations kept changing it, or a flush holds it. */
export class DedupeContentionError extends RetryableError {
  override readonly name = 'DedupeContentionError';
}

/** Some closed windows could not be reported; they stay in the table for the next flush. */
export class FlushIncompleteError extends RetryableError {
  override readonly name = 'FlushIncompleteError';
  constructor(
    readonly failed: number,
    options?: ErrorOptions,
  ) {
    super(`${failed} dedupe window(s) could not be reported; the next flush retries them`, options);
  }
}

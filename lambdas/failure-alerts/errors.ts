/**
 * Typed errors of the alert function. Every one of them fails the invocation on purpose: the
 * function is invoked asynchronously, so Lambda retries it and then hands the event to the
 * function's own dead-letter destination, where nothing is lost.
 */

/** Base of every error the alert function raises on purpose. */
export abstract class AlertError extends Error {
  /** Whether another attempt with the same event may succeed. */
  abstract readonly retryable: boolean;
}

/** The event is none of the inputs this function handles (unknown source or detail-type). */
export class UnsupportedEventError extends AlertError {
  override readonly name = 'UnsupportedEventError';
  readonly retryable = false;
}

/** The event claims a known source but does not have that source's documented shape. */
export class InvalidAlertEventError extends AlertError {
  override readonly name = 'InvalidAlertEventError';
  readonly retryable = false;
}

/** The dedupe window could not be settled: other invocations kept changing it, or a flush holds it. */
export class DedupeContentionError extends AlertError {
  override readonly name = 'DedupeContentionError';
  readonly retryable = true;
}

/** Some closed windows could not be reported; they stay in the table for the next flush. */
export class FlushIncompleteError extends AlertError {
  override readonly name = 'FlushIncompleteError';
  readonly retryable = true;
  constructor(
    readonly failed: number,
    options?: ErrorOptions,
  ) {
    super(`${failed} dedupe window(s) could not be reported; the next flush retries them`, options);
  }
}

/**
 * The one base of the errors the platform's functions raise on purpose, and what it means for a
 * retry. A handler decides from `retryable`, never from message text: a permanent error can never
 * succeed however often it is retried, so it is logged and counted as such; the record or event is
 * still failed, so SQS redrive or Lambda's on-failure destination keeps it instead of dropping it.
 */

export abstract class PlatformError extends Error {
  /** Whether another attempt of the same work may succeed. */
  abstract readonly retryable: boolean;
}

/** Failures that retrying cannot fix: bad input, a resource that refuses for good. */
export abstract class PermanentError extends PlatformError {
  readonly retryable = false;
}

/** Transient failures: a later attempt may succeed. */
export abstract class RetryableError extends PlatformError {
  readonly retryable = true;
}

/** An error the platform raised on purpose that no retry can fix. */
export function isPermanentError(error: unknown): boolean {
  return error instanceof PlatformError && !error.retryable;
}

/**
 * Typed errors of the transfer. The handler decides retry vs. give-up from the class, never from
 * message text: a permanent error (lambdas/shared/errors.ts) can never succeed however often it is retried, so it is
 * logged and counted as such (the alarm watches that metric) while the record is still failed, so
 * SQS redrive parks it in the DLQ after maxReceiveCount instead of it being dropped.
 */
import { PermanentError, RetryableError } from '../shared/errors';

/** The SQS message is not an S3 "Object Created"/"Object Deleted" EventBridge event. */
export class InvalidEventError extends PermanentError {
  override readonly name = 'InvalidEventError';
}

/**
 * The event names a bucket that is not a lake bucket of this deployment (another account or
 * region, or no zone bucket at all): nothing is read from it or written for it.
 */
export class ForeignBucketError extends PermanentError {
  override readonly name = 'ForeignBucketError';
}

/** The key cannot exist as a path on a hierarchical-namespace account. */
export class InvalidTargetPathError extends PermanentError {
  override readonly name = 'InvalidTargetPathError';
  constructor(
    readonly path: string,
    readonly rule: string,
    options?: ErrorOptions,
  ) {
    super(`"${path}" cannot be an ADLS Gen2 path: ${rule}`, options);
  }
}

/** The copy in the temporary path does not match the source (size or MD5). */
export class VerificationError extends RetryableError {
  override readonly name = 'VerificationError';
}

/** The source changed between HEAD and copy (unversioned bucket overwritten, version vanished). */
export class SourceChangedError extends RetryableError {
  override readonly name = 'SourceChangedError';
}

/** The destination changed between the idempotency check and the rename: another writer. */
export class ConcurrentWriterError extends RetryableError {
  override readonly name = 'ConcurrentWriterError';
}

/**
 * Azure could not fetch the presigned source URL (network path, firewall, bucket policy).
 * Detected from `CannotVerifyCopySource`; the transfer falls back to streaming.
 */
export class SourceUnreachableError extends RetryableError {
  override readonly name = 'SourceUnreachableError';
}

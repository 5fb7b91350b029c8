/**
 * Typed errors of partition registration. Every one of them fails the records that need the
 * partition (SQS delivers them again, and after maxReceiveCount parks them in the DLQ); `retryable`
 * only decides how loudly: a failure no delivery can fix is logged at error level and counted as
 * `PermanentFailures`, a transient one is a warning.
 */
import { PermanentError, PlatformError, RetryableError } from '../shared/errors';

/** The SQS message body is not an S3 EventBridge event. */
export class InvalidEventError extends PermanentError {
  override readonly name = 'InvalidEventError';
}

/**
 * The event names a bucket that is not a lake bucket of this deployment (another account or
 * region, or no zone bucket at all): no partition may point at it.
 */
export class ForeignBucketError extends PermanentError {
  override readonly name = 'ForeignBucketError';
}

/**
 * The object lies in the dataset's partition folders, but a value is not one its key takes
 * (`month=3`, `hour=24`) or the values name no calendar time (`month=02/day=31`). Data was
 * written where no partition can be: registering it would be wrong, skipping it would hide it.
 */
export class InvalidPartitionValueError extends PermanentError {
  override readonly name = 'InvalidPartitionValueError';
}

/**
 * The catalog table cannot take the partition: missing, without a storage descriptor, or
 * partitioned differently from the platform definition (the CatalogStack and the definition
 * disagree, which a deployment fixes, not a retry).
 */
export class CatalogTableError extends PermanentError {
  override readonly name = 'CatalogTableError';
}

/** Per-entry error codes that no retry of the same input can change. */
const PERMANENT_ENTRY_CODES: ReadonlySet<string> = new Set([
  'InvalidInputException',
  'ValidationException',
  'EntityNotFoundException',
  'ResourceNumberLimitExceededException',
]);

/** The catalog refused one partition of a batch with an error other than "already exists". */
export class PartitionRejectedError extends PlatformError {
  override readonly name = 'PartitionRejectedError';
  readonly retryable: boolean;
  constructor(
    readonly errorCode: string,
    message: string,
  ) {
    super(`The catalog refused the partition: ${errorCode}: ${message}`);
    this.retryable = !PERMANENT_ENTRY_CODES.has(errorCode);
  }
}

/**
 * Glue kept throttling (or failing transiently, or leaving keys unprocessed) through every
 * backoff attempt.
 */
export class CatalogRetriesExhaustedError extends RetryableError {
  override readonly name = 'CatalogRetriesExhaustedError';
}

/** A Glue call failed for another reason (network, service error, permissions). */
export class CatalogCallError extends RetryableError {
  override readonly name = 'CatalogCallError';
}

/** The error code of an SDK error (its `name`), or the error's name for anything else. */
export function errorCodeOf(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/**
 * What a failed catalog call means for the partitions it carried: a missing database or table
 * is a deployment problem ({@link CatalogTableError}), anything else a failed call.
 */
export function catalogCallFailure(what: string, table: string, cause: unknown): PlatformError {
  if (errorCodeOf(cause) === 'EntityNotFoundException')
    return new CatalogTableError(`${what}: table ${table} is not in the catalog`, { cause });
  return new CatalogCallError(`${what} on ${table} failed`, { cause });
}

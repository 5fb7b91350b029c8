/**
 * Typed errors of the warehouse library. Callers decide from the class (and `retryable`), never
 * from message text: a statement the engine refused will fail the same way next time, a request
 * the Data API did not answer may not.
 */
import { PermanentError, PlatformError, RetryableError } from '../errors';

/** SQL text the scanner cannot split: an unterminated literal, identifier or comment. */
export class SqlSyntaxError extends PermanentError {
  override readonly name = 'SqlSyntaxError';
  constructor(
    message: string,
    /** 0-based offset where the unterminated construct starts. */
    readonly position: number,
  ) {
    super(message);
  }
}

/** A Data API call itself failed (validation, permissions, throttling, network). */
export class WarehouseRequestError extends PlatformError {
  override readonly name = 'WarehouseRequestError';
  readonly retryable: boolean;
  constructor(
    readonly operation: string,
    cause: unknown,
  ) {
    const code = cause instanceof Error ? cause.name : 'Error';
    const detail = cause instanceof Error ? cause.message : String(cause);
    super(`Redshift Data API ${operation} failed: ${code}: ${detail}`, { cause });
    this.retryable = !NON_RETRYABLE_CODES.has(code);
  }
}

const NON_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'ValidationException',
  'ResourceNotFoundException',
  'AccessDeniedException',
  'ExecuteStatementException',
  'BatchExecuteStatementException',
]);

/** The engine ended a statement (or a batch) FAILED or ABORTED. */
export class WarehouseStatementError extends PermanentError {
  override readonly name = 'WarehouseStatementError';
  constructor(
    /** The Data API statement id (the batch's id for a batch). */
    readonly statementId: string,
    readonly status: string,
    /** The engine's error, as DescribeStatement reports it (`ERROR: …`). */
    readonly engineError: string,
    /** 0-based index of the failing statement within a batch, when known. */
    readonly failedStatementIndex?: number,
  ) {
    const where =
      failedStatementIndex === undefined ? '' : ` (statement ${failedStatementIndex + 1})`;
    super(`Statement ${statementId} ended ${status}${where}: ${engineError}`);
  }
}

/** A statement did not finish within the session's timeout; it was asked to cancel. */
export class WarehouseTimeoutError extends RetryableError {
  override readonly name = 'WarehouseTimeoutError';
  constructor(
    readonly statementId: string,
    readonly timeoutMs: number,
  ) {
    super(`Statement ${statementId} did not finish within ${timeoutMs} ms`);
  }
}

/** A batch that the Data API would refuse (too many statements, too large). */
export class BatchLimitError extends PermanentError {
  override readonly name = 'BatchLimitError';
}

/** A migration file set that cannot be applied: bad names, duplicates, gaps, unreadable. */
export class MigrationFileError extends PermanentError {
  override readonly name = 'MigrationFileError';
}

/**
 * The database's migration history disagrees with the files: an applied migration was edited
 * or removed, or a new one sorts before one already applied. Nothing is applied.
 */
export class MigrationDriftError extends PermanentError {
  override readonly name = 'MigrationDriftError';
  constructor(readonly problems: readonly string[]) {
    super(`Migrations disagree with the database history: ${problems.join('; ')}`);
  }
}

/** A pending migration cannot run as one batch; nothing is applied. */
export class MigrationTooLargeError extends PermanentError {
  override readonly name = 'MigrationTooLargeError';
}

/** A migration failed; its transaction rolled back, earlier ones stay applied. */
export class MigrationFailedError extends PermanentError {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly migration: string,
    readonly applied: readonly string[],
    cause: unknown,
  ) {
    super(`Migration ${migration} failed and was rolled back`, { cause });
  }
}

/** The ELT input is unusable (bad day, unknown or unreplaced placeholder, missing folder). */
export class EltInputError extends PermanentError {
  override readonly name = 'EltInputError';
}

/** One ELT file failed; files before it stay done, the ones after it did not run. */
export class EltStepError extends PlatformError {
  override readonly name = 'EltStepError';
  readonly retryable: boolean;
  constructor(
    readonly file: string,
    readonly completed: readonly string[],
    cause: unknown,
  ) {
    super(`ELT file ${file} failed`, { cause });
    this.retryable = cause instanceof PlatformError ? cause.retryable : true;
  }
}

/**
 * A run's time budget ran out before a file started (checked between files: a statement under way
 * is not interrupted). Files before it stay done.
 */
export class EltDeadlineError extends PermanentError {
  override readonly name = 'EltDeadlineError';
  constructor(
    readonly file: string,
    readonly completed: readonly string[],
  ) {
    super(`The run's time budget ran out before ${file}`);
  }
}

/** A query file that does not exist, is malformed, or was given unknown parameters. */
export class QueryDefinitionError extends PermanentError {
  override readonly name = 'QueryDefinitionError';
}

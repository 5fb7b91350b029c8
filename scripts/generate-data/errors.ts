/**
 * Typed errors of the data generator. The CLI picks its exit code from the class: a usage or
 * configuration mistake exits 2, a failed write exits 1.
 */

/** An object of the generated day could not be written to its destination. */
export class WriteDayError extends Error {
  override readonly name = 'WriteDayError';
  constructor(
    readonly key: string,
    options: { cause: unknown },
  ) {
    super(`could not write ${key}: ${describe(options.cause)}`, options);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
}

/**
 * The day did not reach its destination: an object, a directory or the account behind the
 * endpoint failed. Carries the message of what failed, which is what the operator acts on.
 */
export class DayNotWrittenError extends Error {
  override readonly name = 'DayNotWrittenError';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

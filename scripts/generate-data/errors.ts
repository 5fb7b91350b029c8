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

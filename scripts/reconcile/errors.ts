/**
 * Typed errors of the reconciliation. The CLI maps them to exit codes from the class, never from
 * message text: usage and configuration mistakes exit 2; a listing that breaks the order the merge
 * relies on exits 3 with the other failures that leave no verdict (a wrong answer would be worse
 * than none).
 */

/** The arguments are well-formed but the platform or the environment cannot serve them. */
export class ReconcileConfigError extends Error {
  override readonly name = 'ReconcileConfigError';
}

/**
 * A listing returned keys out of UTF-8 byte order. The merge compares neighbours only, so an
 * unordered input would report drift that is not there (or hide drift that is): stop instead.
 */
export class ListingOrderError extends Error {
  override readonly name = 'ListingOrderError';
  constructor(
    readonly side: string,
    readonly previous: string,
    readonly current: string,
    options?: ErrorOptions,
  ) {
    super(
      `${side} listing is not in UTF-8 byte order: "${current}" came after "${previous}"`,
      options,
    );
  }
}

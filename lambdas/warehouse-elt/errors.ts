/** Typed errors of the ELT function (the warehouse library raises the rest). */

/** The input is neither a Glue "Glue Job State Change" event nor `{ "day": "YYYY-MM-DD" }`. */
export class InvalidEltEventError extends Error {
  override readonly name = 'InvalidEltEventError';
}

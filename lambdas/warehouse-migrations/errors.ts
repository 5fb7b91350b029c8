/** Typed errors of the migrations custom resource (the warehouse library raises the rest). */

/** The input is not a CloudFormation custom-resource request. */
export class InvalidMigrationsEventError extends Error {
  override readonly name = 'InvalidMigrationsEventError';
}

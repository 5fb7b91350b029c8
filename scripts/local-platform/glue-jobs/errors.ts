/**
 * Typed errors of the local Glue jobs. Each one ends a run as FAILED (with its message in the
 * "Glue Job State Change" event), the way the deployed job fails on the same cause.
 */

/** Base of every error a local job run raises on purpose. */
export abstract class LocalGlueJobError extends Error {}

/** The Python interpreter the jobs run on is not installed or not on PATH. */
export class PythonNotFoundError extends LocalGlueJobError {
  override readonly name = 'PythonNotFoundError';
  constructor(
    readonly python: string,
    options?: ErrorOptions,
  ) {
    super(
      `${python} was not found: the local Glue jobs need Python 3.11 or later on PATH (or the path of one in options.python)`,
      options,
    );
  }
}

/** scripts/local-platform/glue-jobs/local_job.py exited with an error; `message` is the line it printed. */
export class JobScriptError extends LocalGlueJobError {
  override readonly name = 'JobScriptError';
}

/** The job script printed something that is not its summary. */
export class JobSummaryError extends LocalGlueJobError {
  override readonly name = 'JobSummaryError';
}

/** A table the job reads has no usable location or partition keys in the catalog. */
export class JobInputError extends LocalGlueJobError {
  override readonly name = 'JobInputError';
}

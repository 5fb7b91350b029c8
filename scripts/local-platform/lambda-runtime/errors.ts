/** Errors of the local Lambda service itself (not of the functions it runs). */

export class UnknownFunctionError extends Error {
  override readonly name = 'UnknownFunctionError';
  constructor(functionName: string) {
    super(`No local function is named ${functionName}`);
  }
}

/** `idle()` ran out of time; `busy` says what was still going on. */
export class LocalFunctionsBusyError extends Error {
  override readonly name = 'LocalFunctionsBusyError';
  constructor(
    readonly busy: readonly string[],
    timeoutMs: number,
  ) {
    super(`Functions still busy after ${timeoutMs} ms: ${busy.join('; ')}`);
  }
}

/** A trigger Lambda would refuse to create: a missing queue, a visibility timeout too short. */
export class TriggerConfigurationError extends Error {
  override readonly name = 'TriggerConfigurationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

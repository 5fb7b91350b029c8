/**
 * What an invocation's failure log line says about the error, the same in every function: its
 * name, its message with anything secret-looking redacted and cut to a log line's size, and
 * whether retrying can help (an error the platform does not know is taken as retryable).
 */
import { PlatformError } from './errors';
import { redactAndLimit } from './redaction';

/** Longest error message a failure log line keeps. */
const MAX_MESSAGE_CHARS = 2048;

export function failureFields(error: unknown): {
  readonly errorName: string;
  readonly errorMessage: string | undefined;
  readonly retryable: boolean;
} {
  return {
    errorName: error instanceof Error ? error.name : typeof error,
    errorMessage:
      error instanceof Error ? redactAndLimit(error.message, MAX_MESSAGE_CHARS) : undefined,
    retryable: error instanceof PlatformError ? error.retryable : true,
  };
}

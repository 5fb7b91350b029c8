/**
 * Logs must never carry a presigned URL (its query string is a bearer credential for the
 * object) or a secret. Errors from the SDKs can quote request URLs, so what we log about an error
 * goes through here: every URL query string is cut, the secrets the alert fabric redacts are
 * redacted too (lambdas/shared/redaction.ts), and only names, codes and messages are kept.
 */

import { awsErrorDetails, type AwsErrorDetails } from '../shared/aws-errors';
import { redactUrlQueries } from '../shared/redaction';

export const redactUrls = redactUrlQueries;

export interface ErrorSummary extends AwsErrorDetails {
  readonly name: string;
  readonly message: string;
  readonly cause?: ErrorSummary;
}

/** A loggable view of an error and its causes (at most a few levels deep). */
export function summarizeError(error: unknown, depth = 0): ErrorSummary {
  if (!(error instanceof Error)) return { name: typeof error, message: redactUrls(String(error)) };
  const details = error as Error & { code?: unknown; statusCode?: unknown };
  return {
    name: error.name,
    message: redactUrls(error.message),
    ...(typeof details.code === 'string' && { code: details.code }),
    ...(typeof details.statusCode === 'number' && { statusCode: details.statusCode }),
    // AWS SDK errors: the code, HTTP status and request ids (a failed HEAD has nothing else).
    ...awsErrorDetails(error),
    ...(error.cause !== undefined &&
      depth < 3 && { cause: summarizeError(error.cause, depth + 1) }),
  };
}

/**
 * Logs must never carry a presigned URL (its query string is a bearer credential for the
 * object) or a secret. Errors from the SDKs can quote request URLs, so what we log about an error
 * goes through here: URL query strings are cut, and only names, codes and messages are kept.
 */

const URL_WITH_QUERY = /\bhttps?:\/\/[^\s"'<>?]+\?[^\s"'<>]*/g;

export function redactUrls(text: string): string {
  return text.replace(URL_WITH_QUERY, (url) => `${url.slice(0, url.indexOf('?'))}?<redacted>`);
}

export interface ErrorSummary {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly statusCode?: number;
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
    ...(error.cause !== undefined &&
      depth < 3 && { cause: summarizeError(error.cause, depth + 1) }),
  };
}

import type { IncomingHttpHeaders } from 'node:http';

/** An incoming request, fully read, as every protocol handler sees it. */
export interface AwsRequest {
  readonly method: string;
  /** The path exactly as sent (still percent-encoded), which is what SigV4 signs for S3. */
  readonly rawPath: string;
  /** The query string exactly as sent, without the `?`. */
  readonly rawQuery: string;
  /** Query parameters, percent-decoded (`+` is a literal plus, as AWS treats it). */
  readonly query: ReadonlyMap<string, string>;
  /** Lower-cased header names. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Unique id echoed in `x-amz-request-id` / `x-amzn-RequestId` and error bodies. */
  readonly requestId: string;
}

export interface AwsResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: Buffer | string;
}

/** Splits and decodes a query string without URLSearchParams' `+` → space rule. */
export function parseQuery(rawQuery: string): Map<string, string> {
  const query = new Map<string, string>();
  if (rawQuery === '') return query;
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = equals === -1 ? pair : pair.slice(0, equals);
    const value = equals === -1 ? '' : pair.slice(equals + 1);
    query.set(safeDecode(key), safeDecode(value));
  }
  return query;
}

/**
 * An `application/x-www-form-urlencoded` body (AWS Query requests): unlike a query string as S3
 * reads it, `+` is a space there (WHATWG URL, "application/x-www-form-urlencoded parsing"); a
 * literal plus arrives as `%2B`.
 */
export function parseForm(body: string): Map<string, string> {
  return parseQuery(body.replace(/\+/g, '%20'));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function headerValue(request: AwsRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

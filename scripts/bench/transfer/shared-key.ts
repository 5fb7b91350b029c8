/**
 * Azure Storage Shared Key signing for the baseline's hand-built Put Blob: the baseline must be a
 * plain stream pipe, not an SDK pipeline, so it signs its one request itself. String-to-sign per
 * the Azure Storage REST reference ("Authorize with Shared Key", version 2009-09-19 and later).
 */
import { createHmac } from 'node:crypto';

/** The standard headers in string-to-sign order (after the verb). */
const STANDARD_HEADERS = [
  'content-encoding',
  'content-language',
  'content-length',
  'content-md5',
  'content-type',
  'date',
  'if-modified-since',
  'if-match',
  'if-none-match',
  'if-unmodified-since',
  'range',
] as const;

export interface SignableRequest {
  readonly method: string;
  readonly url: URL;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
}

export function stringToSign(request: SignableRequest, accountName: string): string {
  const standard = STANDARD_HEADERS.map((name) => {
    const value = request.headers[name] ?? '';
    // Since version 2015-02-21 a zero Content-Length is signed as empty.
    return name === 'content-length' && value === '0' ? '' : value;
  });
  const canonicalHeaders = Object.keys(request.headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${request.headers[name]!.trim()}\n`)
    .join('');
  const query = [...request.url.searchParams.keys()]
    .map((name) => name.toLowerCase())
    .sort()
    .map((name) => `\n${name}:${request.url.searchParams.getAll(name).sort().join(',')}`)
    .join('');
  const resource = `/${accountName}${request.url.pathname}${query}`;
  return (
    [request.method.toUpperCase(), ...standard].join('\n') + `\n${canonicalHeaders}${resource}`
  );
}

/** The `Authorization` header value: `SharedKey <account>:<base64 HMAC-SHA256>`. */
export function sharedKeyAuthorization(
  request: SignableRequest,
  accountName: string,
  accountKeyBase64: string,
): string {
  const signature = createHmac('sha256', Buffer.from(accountKeyBase64, 'base64'))
    .update(stringToSign(request, accountName), 'utf8')
    .digest('base64');
  return `SharedKey ${accountName}:${signature}`;
}

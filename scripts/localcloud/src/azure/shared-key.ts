/**
 * Shared Key authorization (`Authorization: SharedKey <account>:<signature>`), verified by
 * recomputing the HMAC-SHA256 of the string-to-sign from the Azure Storage REST reference.
 * Known client variants are accepted as the service accepts them: Content-Language and
 * Content-Encoding in either order, and the resource path as sent or decoded.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AzureError } from './azure-error';
import { header, type AzureRequest } from './azure-request';

const SIGNED_HEADERS_AFTER_LENGTH = [
  'content-md5',
  'content-type',
  'date',
  'if-modified-since',
  'if-match',
  'if-none-match',
  'if-unmodified-since',
  'range',
];

export function verifySharedKey(
  request: AzureRequest,
  authorization: string,
  accountName: string,
  accountKey: string,
): void {
  const match = /^SharedKey ([^:]+):(.+)$/.exec(authorization);
  if (!match) throw authenticationFailed('The Authorization header is not in a recognised format.');
  const [, account, signature] = match as unknown as [string, string, string];
  if (account !== accountName) {
    throw authenticationFailed(
      `The account ${account} in the Authorization header does not match the request's account ${accountName}.`,
    );
  }
  const key = Buffer.from(accountKey, 'base64');
  const candidates = stringsToSign(request, accountName);
  const sent = Buffer.from(signature, 'base64');
  for (const candidate of candidates) {
    const computed = createHmac('sha256', key).update(candidate, 'utf8').digest();
    if (computed.length === sent.length && timingSafeEqual(computed, sent)) return;
  }
  throw authenticationFailed(
    `The MAC signature found in the HTTP request '${signature}' is not the same as any computed signature. Server used following string to sign: '${candidates[0]}'.`,
  );
}

function stringsToSign(request: AzureRequest, accountName: string): string[] {
  const value = (name: string) => {
    const found = header(request, name) ?? '';
    return name === 'content-length' && found === '0' ? '' : found;
  };
  const tail = [value('content-length'), ...SIGNED_HEADERS_AFTER_LENGTH.map(value)].join('\n');
  const canonicalHeaders = canonicalizedHeaders(request);
  const resources = new Set([
    canonicalizedResource(request, accountName, request.rawPath),
    canonicalizedResource(request, accountName, safeDecode(request.rawPath)),
  ]);
  const results: string[] = [];
  for (const [first, second] of [
    ['content-encoding', 'content-language'],
    ['content-language', 'content-encoding'],
  ] as const) {
    for (const resource of resources) {
      results.push(
        `${request.method.toUpperCase()}\n${value(first)}\n${value(second)}\n${tail}\n${canonicalHeaders}${resource}`,
      );
    }
  }
  return results;
}

function canonicalizedHeaders(request: AzureRequest): string {
  return Object.keys(request.headers)
    .filter((name) => name.startsWith('x-ms-'))
    .sort()
    .map((name) => `${name}:${(header(request, name) ?? '').trimStart()}\n`)
    .join('');
}

function canonicalizedResource(request: AzureRequest, accountName: string, path: string): string {
  const lowered = new Map<string, string>();
  for (const [name, value] of request.query) lowered.set(name.toLowerCase(), value);
  const queries = [...lowered.keys()]
    .sort()
    .map((name) => `\n${name}:${lowered.get(name)}`)
    .join('');
  return `/${accountName}${path === '' ? '/' : path}${queries}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function authenticationFailed(detail: string): AzureError {
  return new AzureError(
    'AuthenticationFailed',
    'Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.',
    403,
    { details: { AuthenticationErrorDetail: detail } },
  );
}

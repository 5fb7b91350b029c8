/**
 * AWS Signature Version 4, verified as AWS verifies it: the canonical request is rebuilt from
 * what arrived on the wire and signed with the secret of the access key the client named, and
 * the result must equal the signature sent. Both forms are accepted: the `Authorization`
 * header, and presigned URLs (`X-Amz-*` query parameters, with their expiry).
 *
 * Implemented from the SigV4 specification rather than with the SDK's signer, so the check is
 * independent of the code that produced the signature.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { headerValue, type AwsRequest } from './request';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS rejects requests whose signing time is further than this from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
/** Presigned URLs may live at most 7 days. */
export const MAX_PRESIGNED_EXPIRY_SECONDS = 604_800;

export interface CredentialScope {
  readonly accessKeyId: string;
  /** `YYYYMMDD` */
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

export interface SigV4Auth {
  readonly kind: 'header' | 'presigned';
  readonly scope: CredentialScope;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** `YYYYMMDDTHHMMSSZ` */
  readonly amzDate: string;
  readonly signedAt: Date;
  /** Presigned URLs only. */
  readonly expiresInSeconds?: number;
}

/** Why a request is not authenticated; each protocol names these its own way (auth-errors.ts). */
export type AuthFailure =
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed'; readonly presigned: boolean; readonly message: string }
  | { readonly kind: 'unknown-key'; readonly accessKeyId: string }
  | { readonly kind: 'wrong-service'; readonly expected: string; readonly actual: string }
  | { readonly kind: 'wrong-region'; readonly expected: string; readonly actual: string }
  | {
      readonly kind: 'expired';
      readonly expiredAt: Date;
      readonly now: Date;
      readonly expiresInSeconds: number;
    }
  | { readonly kind: 'skewed'; readonly signedAt: Date; readonly now: Date }
  | {
      readonly kind: 'bad-signature';
      readonly canonicalRequest: string;
      readonly stringToSign: string;
    };

export type AuthResult =
  | { readonly ok: true; readonly auth: SigV4Auth }
  | { readonly ok: false; readonly failure: AuthFailure };

/** Finds the signature in the header or the query; `undefined` when the request carries none. */
export function findSigV4(request: AwsRequest): SigV4Auth | AuthFailure | undefined {
  const header = headerValue(request, 'authorization');
  if (header !== undefined) return parseAuthorizationHeader(request, header);
  if (request.query.has('X-Amz-Algorithm') || request.query.has('X-Amz-Signature')) {
    return parsePresignedQuery(request);
  }
  return undefined;
}

/** The service a request is signed for, read from its credential scope without verifying it. */
export function signingServiceOf(request: AwsRequest): string | undefined {
  const found = findSigV4(request);
  return found && 'scope' in found ? found.scope.service : undefined;
}

export interface VerifyOptions {
  readonly service: string;
  readonly region: string;
  /** Access key id → secret access key. */
  readonly credentials: ReadonlyMap<string, string>;
  readonly now: Date;
}

export function authenticate(request: AwsRequest, options: VerifyOptions): AuthResult {
  const found = findSigV4(request);
  if (found === undefined) return { ok: false, failure: { kind: 'missing' } };
  if (!('scope' in found)) return { ok: false, failure: found };
  const auth = found;

  const secret = options.credentials.get(auth.scope.accessKeyId);
  if (secret === undefined) {
    return { ok: false, failure: { kind: 'unknown-key', accessKeyId: auth.scope.accessKeyId } };
  }
  if (auth.scope.service !== options.service) {
    return {
      ok: false,
      failure: { kind: 'wrong-service', expected: options.service, actual: auth.scope.service },
    };
  }
  if (auth.scope.region !== options.region) {
    return {
      ok: false,
      failure: { kind: 'wrong-region', expected: options.region, actual: auth.scope.region },
    };
  }
  if (auth.kind === 'presigned') {
    const expiredAt = new Date(auth.signedAt.getTime() + (auth.expiresInSeconds ?? 0) * 1000);
    if (options.now > expiredAt) {
      return {
        ok: false,
        failure: {
          kind: 'expired',
          expiredAt,
          now: options.now,
          expiresInSeconds: auth.expiresInSeconds ?? 0,
        },
      };
    }
    if (auth.signedAt.getTime() - options.now.getTime() > MAX_CLOCK_SKEW_MS) {
      return { ok: false, failure: { kind: 'skewed', signedAt: auth.signedAt, now: options.now } };
    }
  } else if (Math.abs(auth.signedAt.getTime() - options.now.getTime()) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, failure: { kind: 'skewed', signedAt: auth.signedAt, now: options.now } };
  }

  const canonicalRequest = buildCanonicalRequest(request, auth);
  const credentialScope = `${auth.scope.date}/${auth.scope.region}/${auth.scope.service}/aws4_request`;
  const stringToSign = [
    SIGV4_ALGORITHM,
    auth.amzDate,
    credentialScope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const expected = hmac(signingKey(secret, auth.scope), stringToSign).toString('hex');
  if (!sameHex(expected, auth.signature)) {
    return { ok: false, failure: { kind: 'bad-signature', canonicalRequest, stringToSign } };
  }
  return { ok: true, auth };
}

function parseAuthorizationHeader(request: AwsRequest, header: string): SigV4Auth | AuthFailure {
  const malformed = (message: string): AuthFailure => ({
    kind: 'malformed',
    presigned: false,
    message,
  });
  const space = header.indexOf(' ');
  const algorithm = space === -1 ? header : header.slice(0, space);
  if (algorithm !== SIGV4_ALGORITHM) {
    return malformed(`Unsupported Authorization Type; only ${SIGV4_ALGORITHM} is accepted`);
  }
  const parts = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const equals = part.indexOf('=');
    if (equals > 0) parts.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) {
    const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !parts.has(name));
    return malformed(`Authorization header requires '${missing.join("', '")}' parameter(s)`);
  }
  const amzDate =
    headerValue(request, 'x-amz-date') ?? dateHeaderAsAmzDate(headerValue(request, 'date'));
  return assemble(
    request,
    'header',
    credential,
    signedHeaders,
    signature,
    amzDate,
    undefined,
    malformed,
  );
}

function parsePresignedQuery(request: AwsRequest): SigV4Auth | AuthFailure {
  const malformed = (message: string): AuthFailure => ({
    kind: 'malformed',
    presigned: true,
    message,
  });
  const get = (name: string) => request.query.get(name);
  if (get('X-Amz-Algorithm') !== SIGV4_ALGORITHM) {
    return malformed(`X-Amz-Algorithm only supports "${SIGV4_ALGORITHM}"`);
  }
  const credential = get('X-Amz-Credential');
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  const amzDate = get('X-Amz-Date');
  const expires = get('X-Amz-Expires');
  if (!credential || !signedHeaders || !signature || !amzDate || expires === undefined) {
    return malformed(
      'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    );
  }
  const expiresInSeconds = /^\d+$/.test(expires) ? Number(expires) : NaN;
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1) {
    return malformed('X-Amz-Expires must be a positive integer');
  }
  if (expiresInSeconds > MAX_PRESIGNED_EXPIRY_SECONDS) {
    return malformed('X-Amz-Expires must be less than a week (in seconds) that is 604800');
  }
  return assemble(
    request,
    'presigned',
    credential,
    signedHeaders,
    signature,
    amzDate,
    expiresInSeconds,
    malformed,
  );
}

function assemble(
  request: AwsRequest,
  kind: 'header' | 'presigned',
  credential: string,
  signedHeaderList: string,
  signature: string,
  amzDate: string | undefined,
  expiresInSeconds: number | undefined,
  malformed: (message: string) => AuthFailure,
): SigV4Auth | AuthFailure {
  const scopeParts = credential.split('/');
  if (
    scopeParts.length !== 5 ||
    scopeParts[4] !== 'aws4_request' ||
    scopeParts.some((part) => part === '')
  ) {
    return malformed(
      `Credential should have 5 parts (<key>/<date>/<region>/<service>/aws4_request) but has: "${credential}"`,
    );
  }
  const [accessKeyId, date, region, service] = scopeParts as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{8}$/.test(date))
    return malformed(`Invalid credential date "${date}": must be in YYYYMMDD format`);
  if (amzDate === undefined) return malformed('Missing X-Amz-Date or Date header');
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined)
    return malformed(`Invalid X-Amz-Date "${amzDate}": must be YYYYMMDDTHHMMSSZ`);
  if (!amzDate.startsWith(date)) {
    return malformed(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`,
    );
  }
  if (!/^[0-9a-f]{64}$/.test(signature))
    return malformed('Signature must be 64 lower-case hex characters');
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) return malformed("'Host' must be a signed header");
  const sorted = [...signedHeaders].sort();
  if (signedHeaders.some((name, index) => name !== sorted[index] || name !== name.toLowerCase())) {
    return malformed('SignedHeaders must be lower-case and sorted');
  }
  for (const name of signedHeaders) {
    if (request.headers[name] === undefined)
      return malformed(`Signed header '${name}' is missing from the request`);
  }
  return {
    kind,
    scope: { accessKeyId, date, region, service },
    signedHeaders,
    signature,
    amzDate,
    signedAt,
    ...(expiresInSeconds !== undefined && { expiresInSeconds }),
  };
}

function buildCanonicalRequest(request: AwsRequest, auth: SigV4Auth): string {
  const canonicalHeaders = auth.signedHeaders
    .map((name) => `${name}:${canonicalHeaderValue(request.headers[name])}\n`)
    .join('');
  return [
    request.method,
    canonicalUri(request.rawPath, auth.scope.service),
    canonicalQuery(request.rawQuery, auth.kind === 'presigned'),
    canonicalHeaders,
    auth.signedHeaders.join(';'),
    payloadHash(request, auth),
  ].join('\n');
}

/**
 * S3 signs the path as sent (single-encoded, not normalised); every other service signs each
 * segment encoded once more, so `%20` appears as `%2520`. API Gateway (`execute-api`) encodes the
 * path exactly as it arrived, without decoding it first (`executeApiCanonicalUri`).
 */
function canonicalUri(rawPath: string, service: string): string {
  const path = rawPath === '' ? '/' : rawPath;
  if (service === 's3') return path;
  if (service === 'execute-api') return executeApiCanonicalUri(path);
  return path
    .split('/')
    .map((segment) => uriEncode(safeDecodeComponent(segment)))
    .map((segment) => uriEncode(segment))
    .join('/');
}

/**
 * What API Gateway signs: the path as it arrived, `.` and `..` segments resolved and empty ones
 * dropped, each segment encoded once more as it stands. A raw `+` is signed as `%2B`, `%40` as
 * `%2540`, `$` as `%24`: a segment is never decoded first, so two spellings of the same
 * character sign differently, as the SDK's signer (`uriEscapePath`) signs them.
 */
function executeApiCanonicalUri(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(segment));
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.join('/')}${trailing}`;
}

function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (rawQuery === '') return '';
  const pairs: [string, string][] = [];
  for (const pair of rawQuery.split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = safeDecodeComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = safeDecodeComponent(equals === -1 ? '' : pair.slice(equals + 1));
    if (presigned && key === 'X-Amz-Signature') continue;
    pairs.push([uriEncode(key), uriEncode(value)]);
  }
  pairs.sort(([keyA, valueA], [keyB, valueB]) =>
    keyA < keyB ? -1 : keyA > keyB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0,
  );
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function payloadHash(request: AwsRequest, auth: SigV4Auth): string {
  const declared = headerValue(request, 'x-amz-content-sha256');
  if (declared !== undefined) return declared;
  // Presigned S3 URLs sign no payload.
  if (auth.kind === 'presigned' && auth.scope.service === 's3') return 'UNSIGNED-PAYLOAD';
  return sha256Hex(request.body);
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

/** RFC 3986 encoding as SigV4 requires: everything but A–Z a–z 0–9 - _ . ~ */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function safeDecodeComponent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Derived keys, kept as the SDKs keep theirs: a key changes only with the day, so deriving it
 * (four HMACs) once per secret and scope saves most of a verification's work under load.
 */
const signingKeys = new Map<string, Buffer>();
const MAX_SIGNING_KEYS = 256;

function signingKey(secret: string, scope: CredentialScope): Buffer {
  const cacheKey = `${secret}\n${scope.date}\n${scope.region}\n${scope.service}`;
  const cached = signingKeys.get(cacheKey);
  if (cached) return cached;
  const dateKey = hmac(`AWS4${secret}`, scope.date);
  const regionKey = hmac(dateKey, scope.region);
  const serviceKey = hmac(regionKey, scope.service);
  const key = hmac(serviceKey, 'aws4_request');
  if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.clear();
  signingKeys.set(cacheKey, key);
  return key;
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function parseAmzDate(amzDate: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!match) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function dateHeaderAsAmzDate(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const parsed = new Date(date);
  if (Number.isNaN(parsed.getTime())) return undefined;
  return parsed
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * SASL/OAUTHBEARER with the token of Amazon MSK's IAM access control, checked as MSK checks it.
 * The client's first message (RFC 7628) carries `auth=Bearer <token>`; the token is a SigV4
 * presigned URL, base64url-encoded without padding:
 *
 *   https://kafka.<region>.amazonaws.com/?Action=kafka-cluster%3AConnect&X-Amz-Algorithm=…
 *
 * signed for the service `kafka-cluster` with the client's credentials, valid for X-Amz-Expires
 * seconds. The signature is rebuilt with the secret of the access key it names (core/sigv4.ts,
 * the same verifier every AWS service of localcloud uses), so a token signed with another secret,
 * for another region or service, or past its expiry is refused. The `User-Agent` parameter the
 * signers append after signing is not part of what was signed, and is left out of the check.
 */
import type { SaslVerifier } from './api';
import { parseQuery, type AwsRequest } from '../core/request';
import { authenticate, type AuthFailure } from '../core/sigv4';

export const OAUTHBEARER = 'OAUTHBEARER';
const SIGNING_SERVICE = 'kafka-cluster';
const CONNECT_ACTION = 'kafka-cluster:Connect';
/** Appended by the signer libraries after signing; never signed. */
const UNSIGNED_PARAMETERS = new Set(['User-Agent']);

export interface MskIamOptions {
  readonly region: string;
  /** Access key id → secret access key. */
  readonly credentials: ReadonlyMap<string, string>;
  readonly now: () => Date;
}

export function mskIamVerifier(options: MskIamOptions): SaslVerifier {
  return {
    mechanisms: [OAUTHBEARER],
    verify(mechanism, authBytes) {
      const verdict = verifyToken(mechanism, authBytes, options);
      return 'refused' in verdict
        ? { refused: `IAM authentication failed: ${verdict.refused}` }
        : verdict;
    },
  };
}

function verifyToken(
  mechanism: string,
  authBytes: Buffer,
  options: MskIamOptions,
): { readonly principal: string; readonly expiresAt: number } | { readonly refused: string } {
  if (mechanism !== OAUTHBEARER) return { refused: `unsupported mechanism ${mechanism}` };
  const token = bearerToken(authBytes);
  if (token === undefined)
    return { refused: 'the OAUTHBEARER message carries no "auth=Bearer <token>"' };
  const request = presignedRequest(token);
  if (typeof request === 'string') return { refused: request };
  const action = request.query.get('Action');
  if (action !== CONNECT_ACTION)
    return { refused: `the token signs Action=${action ?? '(none)'}, not ${CONNECT_ACTION}` };
  const result = authenticate(request, {
    service: SIGNING_SERVICE,
    region: options.region,
    credentials: options.credentials,
    now: options.now(),
  });
  if (!result.ok) return { refused: describe(result.failure) };
  // The signer signs for the service's regional host, whichever broker it then connects to.
  const host = request.headers.host;
  if (host !== `kafka.${options.region}.amazonaws.com` || request.rawPath !== '/')
    return {
      refused: `the token is signed for https://${String(host)}${request.rawPath}, not https://kafka.${options.region}.amazonaws.com/`,
    };
  const { signedAt, expiresInSeconds = 0 } = result.auth;
  return {
    principal: result.auth.scope.accessKeyId,
    expiresAt: signedAt.getTime() + expiresInSeconds * 1000,
  };
}

/**
 * The token of an RFC 7628 client-first message: `n,[a=<authzid>],\x01key=value\x01…\x01\x01`,
 * where `auth` holds `Bearer <token>` (the scheme compared without case).
 */
export function bearerToken(authBytes: Buffer): string | undefined {
  const message = authBytes.toString('utf8');
  const [gs2Header, ...pairs] = message.split('\u0001');
  if (!gs2Header?.startsWith('n,') && !gs2Header?.startsWith('y,')) return undefined;
  for (const pair of pairs) {
    const match = /^auth=bearer +(\S+)$/i.exec(pair);
    if (match) return match[1];
  }
  return undefined;
}

/** The presigned URL inside a token, as the request a verifier checks; or why it is not one. */
function presignedRequest(token: string): AwsRequest | string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return 'the token is not base64url';
  let url: URL;
  try {
    url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return 'the token is not a presigned URL';
  }
  if (url.protocol !== 'https:') return 'the token is not a presigned https URL';
  const rawQuery = url.search
    .slice(1)
    .split('&')
    .filter((pair) => !UNSIGNED_PARAMETERS.has(pair.split('=')[0] ?? ''))
    .join('&');
  return {
    method: 'GET',
    rawPath: url.pathname,
    rawQuery,
    query: parseQuery(rawQuery),
    headers: { host: url.host },
    body: Buffer.alloc(0),
    requestId: '',
  };
}

function describe(failure: AuthFailure): string {
  switch (failure.kind) {
    case 'missing':
      return 'the token carries no SigV4 signature';
    case 'malformed':
      return failure.message;
    case 'unknown-key':
      return `unknown access key ${failure.accessKeyId}`;
    case 'wrong-service':
      return `the token is signed for ${failure.actual}, not ${failure.expected}`;
    case 'wrong-region':
      return `the token is signed for ${failure.actual}, not ${failure.expected}`;
    case 'expired':
      return `the token expired at ${failure.expiredAt.toISOString()}`;
    case 'skewed':
      return `the token is signed at ${failure.signedAt.toISOString()}, too far from now`;
    case 'bad-signature':
      return 'the signature does not match (wrong secret, or the token was altered)';
  }
}

/**
 * Compact JWS (JWT) reading, verification and signing with node:crypto only: the two
 * algorithms the emulated AWS issuer signs with (RS256, ES384), and RS256 for the local Entra
 * ID's own access tokens.
 */
import {
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: Readonly<Record<string, unknown>>;
  readonly signingInput: Buffer;
  readonly signature: Buffer;
}

export type PublicJwk = JsonWebKey & { kid?: string; alg?: string; use?: string };

/** Splits and parses a compact JWS; undefined when it is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  try {
    const parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as unknown;
    const parsedClaims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!isObject(parsedHeader) || !isObject(parsedClaims)) return undefined;
    return {
      header: parsedHeader,
      claims: parsedClaims,
      signingInput: Buffer.from(`${header}.${payload}`),
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    return undefined;
  }
}

/** Whether `jwt` is signed by `jwk` with the algorithm its header names (RS256 or ES384 only). */
export function verifySignature(jwt: DecodedJwt, jwk: PublicJwk): boolean {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return false;
  }
  const alg = jwt.header.alg;
  if (alg === 'RS256' && key.asymmetricKeyType === 'rsa')
    return verify('sha256', jwt.signingInput, key, jwt.signature);
  // JWS carries ECDSA signatures as raw R||S (RFC 7518 §3.4), not DER.
  if (alg === 'ES384' && key.asymmetricKeyType === 'ec')
    return verify('sha384', jwt.signingInput, { key, dsaEncoding: 'ieee-p1363' }, jwt.signature);
  return false;
}

/** An RS256 key pair made at startup, never fixed in the source (no token is forgeable from it). */
export class RsaSigningKey {
  readonly kid = randomUUID();
  private readonly privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

  sign(claims: Record<string, unknown>): string {
    const header = { typ: 'JWT', alg: 'RS256', kid: this.kid, x5t: this.kid };
    const signingInput = `${encode(header)}.${encode(claims)}`;
    const signature = sign('sha256', Buffer.from(signingInput), this.privateKey);
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  publicJwk(): PublicJwk {
    return {
      ...createPublicKey(this.privateKey).export({ format: 'jwk' }),
      kid: this.kid,
      alg: 'RS256',
      use: 'sig',
    };
  }
}

/** A numeric date claim (seconds since the epoch), or undefined when absent or not a number. */
export function numericDate(
  claims: Readonly<Record<string, unknown>>,
  name: string,
): number | undefined {
  const value = claims[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** `aud` may be one string or an array of them (RFC 7519 §4.1.3). */
export function audiences(claims: Readonly<Record<string, unknown>>): string[] {
  const aud = claims.aud;
  if (typeof aud === 'string') return [aud];
  return Array.isArray(aud) ? aud.filter((item): item is string => typeof item === 'string') : [];
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  sign,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

export const SIGNING_ALGORITHMS = ['RS256', 'ES384'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly privateKey: KeyObject;
}

/** Serializable form, so a restored emulator keeps verifying the tokens it issued before. */
export interface SigningKeysState {
  readonly keys: readonly { kid: string; alg: SigningAlgorithm; privateJwk: JsonWebKey }[];
}

/**
 * The issuer's signing keys: one RSA 2048 key for RS256 and one P-384 key for ES384, made when
 * the emulator starts (never fixed in the source, so no token is forgeable from the repository).
 */
export class SigningKeys {
  private keys: SigningKey[];

  constructor() {
    this.keys = [
      {
        kid: randomUUID(),
        alg: 'RS256',
        privateKey: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
      },
      {
        kid: randomUUID(),
        alg: 'ES384',
        privateKey: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey,
      },
    ];
  }

  /** A compact JWS: `base64url(header).base64url(payload).base64url(signature)`. */
  signJwt(alg: SigningAlgorithm, payload: Record<string, unknown>): string {
    const key = this.keyFor(alg);
    const header = { alg, typ: 'JWT', kid: key.kid };
    const signingInput = `${base64Url(JSON.stringify(header))}.${base64Url(JSON.stringify(payload))}`;
    // JWS wants ECDSA signatures as raw R||S (RFC 7518 §3.4), not the DER node produces by default.
    const signature =
      alg === 'RS256'
        ? sign('sha256', Buffer.from(signingInput), key.privateKey)
        : sign('sha384', Buffer.from(signingInput), {
            key: key.privateKey,
            dsaEncoding: 'ieee-p1363',
          });
    return `${signingInput}.${signature.toString('base64url')}`;
  }

  /** The JWKS document: public halves only. */
  jwks(): { keys: JsonWebKey[] } {
    return {
      keys: this.keys.map((key) => ({
        ...createPublicKey(key.privateKey).export({ format: 'jwk' }),
        kid: key.kid,
        alg: key.alg,
        use: 'sig',
      })),
    };
  }

  snapshot(): SigningKeysState {
    return {
      keys: this.keys.map((key) => ({
        kid: key.kid,
        alg: key.alg,
        privateJwk: key.privateKey.export({ format: 'jwk' }),
      })),
    };
  }

  restore(state: SigningKeysState | undefined): void {
    if (!state || state.keys.length === 0) return;
    this.keys = state.keys.map((key) => ({
      kid: key.kid,
      alg: key.alg,
      privateKey: createPrivateKey({ key: key.privateJwk, format: 'jwk' }),
    }));
  }

  private keyFor(alg: SigningAlgorithm): SigningKey {
    const key = this.keys.find((candidate) => candidate.alg === alg);
    if (!key) throw new Error(`no signing key for ${alg}`);
    return key;
  }
}

function base64Url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

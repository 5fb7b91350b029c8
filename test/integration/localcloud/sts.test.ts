import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import {
  GetCallerIdentityCommand,
  GetWebIdentityTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud({ credentials: { test: 'test', pipeline: 'pipeline-secret' } });
const client = () => new STSClient(cloud().clientConfig);
const sts = () => cloud().services.sts;

interface Jwks {
  keys: (JsonWebKey & { kid: string; alg: string; use: string })[];
}

function decodeJwt(token: string) {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, string>,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>,
    signingInput: Buffer.from(`${header}.${payload}`),
    signature: Buffer.from(signature, 'base64url'),
  };
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

describe('localcloud STS: GetCallerIdentity', () => {
  it('reports the account root by default', async () => {
    const identity = await client().send(new GetCallerIdentityCommand({}));

    expect(identity).toMatchObject({
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
      UserId: '000000000000',
    });
  });

  it('reports the role session an access key is configured to act as', async () => {
    sts().actAs('pipeline', 'arn:aws:sts::000000000000:assumed-role/lake-loader/run-42');
    const pipeline = new STSClient({
      ...cloud().clientConfig,
      credentials: { accessKeyId: 'pipeline', secretAccessKey: 'pipeline-secret' },
    });

    const identity = await pipeline.send(new GetCallerIdentityCommand({}));
    const defaultKey = await client().send(new GetCallerIdentityCommand({}));

    expect(identity.Arn).toBe('arn:aws:sts::000000000000:assumed-role/lake-loader/run-42');
    expect(identity.UserId).toMatch(/^AROA[A-Z2-7]{17}:run-42$/);
    expect(defaultKey.Arn).toBe('arn:aws:iam::000000000000:root');
  });
});

describe('localcloud STS: GetWebIdentityToken', () => {
  it.each(['RS256', 'ES384'])(
    'issues a %s token that verifies against the served JWKS',
    async (algorithm) => {
      sts().actAs('test', 'arn:aws:sts::000000000000:assumed-role/lake-loader/run-42');
      const before = Math.floor(Date.now() / 1000);

      const result = await client().send(
        new GetWebIdentityTokenCommand({
          Audience: ['https://adls.example.com'],
          SigningAlgorithm: algorithm,
          DurationSeconds: 900,
          Tags: [{ Key: 'dataset', Value: 'web_logs' }],
        }),
      );

      const token = decodeJwt(result.WebIdentityToken!);
      const discovery = await fetchJson<Record<string, unknown>>(
        `${sts().issuer()}/.well-known/openid-configuration`,
      );
      expect(discovery).toMatchObject({
        issuer: sts().issuer(),
        id_token_signing_alg_values_supported: ['RS256', 'ES384'],
      });
      const jwks = await fetchJson<Jwks>(discovery.jwks_uri as string);
      const jwk = jwks.keys.find((key) => key.kid === token.header.kid)!;
      expect(jwk).toMatchObject({ alg: algorithm, use: 'sig' });
      expect(token.header).toMatchObject({ alg: algorithm, typ: 'JWT' });
      const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
      const valid =
        algorithm === 'RS256'
          ? verify('sha256', token.signingInput, publicKey, token.signature)
          : verify(
              'sha384',
              token.signingInput,
              { key: publicKey, dsaEncoding: 'ieee-p1363' },
              token.signature,
            );
      expect(valid).toBe(true);
      expect(token.claims).toMatchObject({
        iss: `${cloud().endpoint}/sts-federation/000000000000`,
        sub: 'arn:aws:iam::000000000000:role/lake-loader',
        aud: 'https://adls.example.com',
        'https://sts.amazonaws.com/': {
          aws_account: '000000000000',
          source_region: 'us-east-1',
          request_tags: { dataset: 'web_logs' },
        },
      });
      const iat = token.claims.iat as number;
      expect(iat).toBeGreaterThanOrEqual(before - 1);
      expect(token.claims.exp).toBe(iat + 900);
      expect(token.claims.jti).toMatch(/^[0-9a-f-]{36}$/);
      expect(result.Expiration!.getTime()).toBe((iat + 900) * 1000);
    },
  );

  it('defaults to 300 seconds and lists several audiences as an array', async () => {
    const result = await client().send(
      new GetWebIdentityTokenCommand({ Audience: ['a', 'b'], SigningAlgorithm: 'RS256' }),
    );

    const { claims } = decodeJwt(result.WebIdentityToken!);
    expect(claims.aud).toEqual(['a', 'b']);
    expect((claims.exp as number) - (claims.iat as number)).toBe(300);
    expect(claims.sub).toBe('arn:aws:iam::000000000000:root');
  });

  it('follows the emulator clock', async () => {
    cloud().advanceClock(60_000);
    try {
      const result = await client().send(
        new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'RS256' }),
      );
      const { claims } = decodeJwt(result.WebIdentityToken!);
      expect((claims.iat as number) * 1000).toBeGreaterThan(Date.now() + 50_000);
    } finally {
      cloud().advanceClock(-60_000);
    }
  });

  it.each([
    [{ Audience: ['a'], SigningAlgorithm: 'RS256', DurationSeconds: 59 }, "'durationSeconds'"],
    [{ Audience: ['a'], SigningAlgorithm: 'RS256', DurationSeconds: 3601 }, "'durationSeconds'"],
    [{ Audience: [], SigningAlgorithm: 'RS256' }, "'audience'"],
    [
      { Audience: Array.from({ length: 11 }, (_, i) => `a${i}`), SigningAlgorithm: 'RS256' },
      "'audience'",
    ],
    [{ Audience: ['a'], SigningAlgorithm: 'HS256' }, "'signingAlgorithm'"],
    [
      {
        Audience: ['a'],
        SigningAlgorithm: 'RS256',
        Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })),
      },
      "'tags'",
    ],
  ])('rejects invalid input %# with ValidationError naming %s', async (input, field) => {
    await expect(client().send(new GetWebIdentityTokenCommand(input))).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining(`at ${field} failed to satisfy constraint`),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers OutboundWebIdentityFederationDisabledException when federation is off', async () => {
    sts().setOutboundFederationEnabled(false);

    await expect(
      client().send(new GetWebIdentityTokenCommand({ Audience: ['a'], SigningAlgorithm: 'ES384' })),
    ).rejects.toMatchObject({
      name: 'OutboundWebIdentityFederationDisabledException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('serves the discovery documents without authentication and keeps keys across restore', async () => {
    const jwksUrl = `${sts().issuer()}/.well-known/jwks.json`;
    const before = await fetchJson<Jwks>(jwksUrl);
    const state: unknown = JSON.parse(JSON.stringify(sts().snapshot!()));

    sts().restore!(state);

    const after = await fetchJson<Jwks>(jwksUrl);
    expect(after.keys.map((key) => key.kid)).toEqual(before.keys.map((key) => key.kid));
    expect(before.keys.map((key) => key.kty).sort()).toEqual(['EC', 'RSA']);
    expect(before.keys.every((key) => key.d === undefined)).toBe(true);
  });
});

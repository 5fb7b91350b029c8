/**
 * The MSK IAM check of an OAUTHBEARER first message: tokens made by aws-msk-iam-sasl-signer-js
 * are accepted with the right secret and refused, with a reason, in every other case.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { bearerToken, mskIamVerifier, OAUTHBEARER } from '../../../src/kafka/msk-iam';

const SECRETS = new Map([['AKIDLOCAL', 'local-secret']]);
const REGION = 'eu-west-1';

async function signedToken(secretAccessKey = 'local-secret', region = REGION): Promise<string> {
  const { token } = await generateAuthTokenFromCredentialsProvider({
    region,
    awsCredentialsProvider: () => Promise.resolve({ accessKeyId: 'AKIDLOCAL', secretAccessKey }),
  });
  return token;
}

/** RFC 7628's client-first message, as kafkajs and librdkafka send it. */
function firstMessage(token: string, gs2Header = 'n,,'): Buffer {
  return Buffer.from(`${gs2Header}\u0001auth=Bearer ${token}\u0001\u0001`);
}

function verifier(now = new Date()) {
  return mskIamVerifier({ region: REGION, credentials: SECRETS, now: () => now });
}

/** The token's URL with one query parameter replaced, encoded again as a token. */
function alteredToken(token: string, name: string, value: string): string {
  const url = new URL(Buffer.from(token, 'base64url').toString('utf8'));
  url.searchParams.set(name, value);
  return Buffer.from(url.toString()).toString('base64url');
}

it('reads the bearer token of a first message, with or without an authorisation identity', () => {
  expect(bearerToken(firstMessage('abc'))).toBe('abc');
  expect(bearerToken(firstMessage('abc', 'n,a=someone,'))).toBe('abc');
  expect(bearerToken(Buffer.from('n,,\u0001host=x\u0001AUTH=bearer   xyz\u0001\u0001'))).toBe(
    'xyz',
  );
  expect(bearerToken(Buffer.from('auth=Bearer abc'))).toBeUndefined();
  expect(bearerToken(Buffer.from('n,,\u0001auth=Basic abc\u0001\u0001'))).toBeUndefined();
});

it('accepts a token the signer made with the right secret, naming the access key', async () => {
  const token = await signedToken();
  const amzDate = /X-Amz-Date=(\d{8}T\d{6}Z)/.exec(Buffer.from(token, 'base64url').toString())![1]!;
  const signedAt = Date.parse(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  // Valid for the signer's 900 s: the session the broker grants lasts until then.
  expect(verifier().verify(OAUTHBEARER, firstMessage(token))).toEqual({
    principal: 'AKIDLOCAL',
    expiresAt: signedAt + 900_000,
  });
  // The signer appends User-Agent after signing: it is not part of the signature.
  expect(Buffer.from(token, 'base64url').toString()).toMatch(
    /User-Agent=aws-msk-iam-sasl-signer-js/,
  );
});

it.each([
  ['signed with another secret', () => signedToken('other'), /signature does not match/],
  [
    'signed for another region',
    () => signedToken(undefined, 'us-east-2'),
    /us-east-2, not eu-west-1/,
  ],
  ['not base64url', () => Promise.resolve('a.token!'), /not base64url/],
  [
    'not a URL',
    () => Promise.resolve(Buffer.from('just text').toString('base64url')),
    /not a presigned URL/,
  ],
  [
    'for another action',
    async () => alteredToken(await signedToken(), 'Action', 'kafka-cluster:WriteData'),
    /Action=kafka-cluster:WriteData, not kafka-cluster:Connect/,
  ],
  [
    'for another host than the regional service endpoint',
    () => presignedElsewhere('attacker.example', '/'),
    /signed for https:\/\/attacker.example\/, not https:\/\/kafka.eu-west-1.amazonaws.com\//,
  ],
  [
    'on another path',
    () => presignedElsewhere('kafka.eu-west-1.amazonaws.com', '/other'),
    /signed for https:\/\/kafka.eu-west-1.amazonaws.com\/other, not/,
  ],
  [
    'with a longer expiry than it was signed with',
    async () => alteredToken(await signedToken(), 'X-Amz-Expires', '3600'),
    /signature does not match/,
  ],
  [
    'from an unknown access key',
    async () =>
      alteredToken(
        await signedToken(),
        'X-Amz-Credential',
        `NOBODY/${today()}/eu-west-1/kafka-cluster/aws4_request`,
      ),
    /unknown access key NOBODY/,
  ],
])('refuses a token %s', async (_case, token, reason) => {
  const verdict = verifier().verify(OAUTHBEARER, firstMessage(await token()));
  expect(verdict).toEqual({ refused: expect.stringMatching(reason) });
  expect(verdict).toEqual({ refused: expect.stringMatching(/^IAM authentication failed: /) });
});

/** A token signed with the right key, but for another URL than the signer library's. */
async function presignedElsewhere(hostname: string, path: string): Promise<string> {
  const signer = new SignatureV4({
    service: 'kafka-cluster',
    region: REGION,
    credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' },
    sha256: Sha256,
  });
  const signed = await signer.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path,
      headers: { host: hostname },
      query: { Action: 'kafka-cluster:Connect' },
    },
    { expiresIn: 900 },
  );
  const query = Object.entries(signed.query ?? {})
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return Buffer.from(`https://${hostname}${path}?${query}`).toString('base64url');
}

function today(): string {
  return new Date().toISOString().slice(0, 10).replaceAll('-', '');
}

it('honours the expiry: valid until X-Amz-Date + X-Amz-Expires, refused after', async () => {
  const token = await signedToken();
  const signedAt = Date.now();
  expect(
    verifier(new Date(signedAt + 14 * 60_000)).verify(OAUTHBEARER, firstMessage(token)),
  ).toMatchObject({
    principal: 'AKIDLOCAL',
  });
  expect(
    verifier(new Date(signedAt + 16 * 60_000)).verify(OAUTHBEARER, firstMessage(token)),
  ).toEqual({
    refused: expect.stringMatching(/the token expired at/),
  });
});

it('refuses another mechanism and a message without a token', () => {
  expect(verifier().verify('PLAIN', Buffer.from('\u0000u\u0000p'))).toEqual({
    refused: expect.stringMatching(/unsupported mechanism PLAIN/),
  });
  expect(verifier().verify(OAUTHBEARER, Buffer.from('n,,\u0001\u0001'))).toEqual({
    refused: expect.stringMatching(/no "auth=Bearer <token>"/),
  });
});

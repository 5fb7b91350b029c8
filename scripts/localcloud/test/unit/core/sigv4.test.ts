import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { parseQuery, type AwsRequest } from '../../../src/core/request';
import { authenticate } from '../../../src/core/sigv4';

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const now = new Date('2026-03-08T17:30:00.000Z');

/** Signs `path` (as it goes on the wire) with the SDK's signer, then verifies it as received. */
async function verifyPath(service: string, path: string) {
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials, sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: 'api.local',
      path,
      headers: { host: 'api.local' },
    },
    { signingDate: now },
  );
  const request: AwsRequest = {
    method: 'GET',
    rawPath: path,
    rawQuery: '',
    query: parseQuery(''),
    headers: Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    body: Buffer.alloc(0),
    requestId: 'test',
  };
  return authenticate(request, {
    service,
    region: 'us-east-1',
    credentials: new Map([[credentials.accessKeyId, credentials.secretAccessKey]]),
    now,
  });
}

describe('SigV4 canonical path of execute-api', () => {
  // API Gateway encodes the received path once more without decoding it first, as the SDK's
  // signer does: decoding first would sign a raw `+` or `$` differently from the client.
  it.each([
    '/api/v1/recommendations/plain',
    '/api/v1/recommendations/a%20b',
    '/api/v1/recommendations/a+b',
    '/api/v1/recommendations/a%2Fb',
    '/api/v1/recommendations/caf%C3%A9',
    '/$default/%40connections/x%3D',
    '/api/v1/transactions/',
  ])('accepts what the SDK signed for %s', async (path) => {
    const result = await verifyPath('execute-api', path);
    expect(result).toMatchObject({ ok: true });
  });

  it('reports the canonical request it expected on a mismatch', async () => {
    const signer = new SignatureV4({
      service: 'execute-api',
      region: 'us-east-1',
      credentials: { ...credentials, secretAccessKey: 'wrong' },
      sha256: Sha256,
    });
    const signed = await signer.sign(
      { method: 'GET', protocol: 'http:', hostname: 'h', path: '/a%20b', headers: { host: 'h' } },
      { signingDate: now },
    );
    const result = authenticate(
      {
        method: 'GET',
        rawPath: '/a%20b',
        rawQuery: '',
        query: parseQuery(''),
        headers: Object.fromEntries(
          Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), value]),
        ),
        body: Buffer.alloc(0),
        requestId: 'test',
      },
      {
        service: 'execute-api',
        region: 'us-east-1',
        credentials: new Map([[credentials.accessKeyId, credentials.secretAccessKey]]),
        now,
      },
    );
    expect(result.ok).toBe(false);
    if (result.ok || result.failure.kind !== 'bad-signature') throw new Error('no mismatch');
    expect(result.failure.canonicalRequest.split('\n')[1]).toBe('/a%2520b');
  });

  it('keeps the other services on decode-then-encode-twice', async () => {
    // A raw `+` decodes to itself and is encoded twice: the SDK's single pass signs `%2B`.
    expect(await verifyPath('glue', '/a%20b')).toMatchObject({ ok: true });
    expect(await verifyPath('glue', '/a+b')).toMatchObject({ ok: false });
  });
});

import { createHmac } from 'node:crypto';
import { verifySharedKey } from '@hybrid-lake/localcloud';
import {
  sharedKeyAuthorization,
  stringToSign,
} from '../../../../../scripts/bench/transfer/shared-key';

// Azurite's well-known development account: public, documented, local only.
const ACCOUNT = 'devstoreaccount1';
const KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UJCCfBnZ8NjlKBGbwu6ONRbN6Ozm9lqeUug==';

const putBlob = {
  method: 'PUT',
  url: new URL(`http://127.0.0.1:10000/${ACCOUNT}/raw/_bench-baseline/object?timeout=30`),
  headers: {
    'content-length': '1048576',
    'content-type': 'application/octet-stream',
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-date': 'Sat, 21 Nov 2026 10:00:00 GMT',
    'x-ms-version': '2025-01-05',
  },
};

describe('stringToSign', () => {
  it('lays out verb, the eleven standard headers, x-ms- headers and the resource as documented', () => {
    expect(stringToSign(putBlob, ACCOUNT)).toBe(
      [
        'PUT',
        '', // Content-Encoding
        '', // Content-Language
        '1048576',
        '', // Content-MD5
        'application/octet-stream',
        '', // Date (x-ms-date is used)
        '',
        '',
        '',
        '',
        '', // Range
        'x-ms-blob-type:BlockBlob',
        'x-ms-date:Sat, 21 Nov 2026 10:00:00 GMT',
        'x-ms-version:2025-01-05',
        `/${ACCOUNT}/${ACCOUNT}/raw/_bench-baseline/object`,
        'timeout:30',
      ].join('\n'),
    );
  });

  it('signs a zero Content-Length as empty', () => {
    const empty = { ...putBlob, headers: { ...putBlob.headers, 'content-length': '0' } };

    expect(stringToSign(empty, ACCOUNT).split('\n')[3]).toBe('');
  });
});

describe('sharedKeyAuthorization', () => {
  it('is the base64 HMAC-SHA256 of the string to sign under the decoded key', () => {
    const expected = createHmac('sha256', Buffer.from(KEY, 'base64'))
      .update(stringToSign(putBlob, ACCOUNT))
      .digest('base64');

    expect(sharedKeyAuthorization(putBlob, ACCOUNT, KEY)).toBe(`SharedKey ${ACCOUNT}:${expected}`);
  });

  it("passes localcloud's independent Shared Key verifier, and a wrong key does not", () => {
    const request = (authorization: string) => ({
      method: putBlob.method,
      rawPath: putBlob.url.pathname,
      rawQuery: putBlob.url.search.slice(1),
      query: new Map(putBlob.url.searchParams),
      headers: { ...putBlob.headers, authorization },
      body: Buffer.alloc(0),
      requestId: 'r',
      account: ACCOUNT,
      container: 'raw',
      path: '_bench-baseline/object',
    });
    const signed = sharedKeyAuthorization(putBlob, ACCOUNT, KEY);
    const wrong = sharedKeyAuthorization(putBlob, ACCOUNT, Buffer.from('x').toString('base64'));

    expect(() => verifySharedKey(request(signed), signed, ACCOUNT, KEY)).not.toThrow();
    let refusal: unknown;
    try {
      verifySharedKey(request(wrong), wrong, ACCOUNT, KEY);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'AuthenticationFailed', status: 403 });
  });
});

import { createHash } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
let client: S3Client | undefined;
// One client for the file: a new client per request opens a new connection each time, which
// made seeding thousands of keys several times slower than the listing under test.
const s3 = () => (client ??= new S3Client(cloud().clientConfig));
const BUCKET = 'lake-curated';
const MiB = 1024 * 1024;

beforeEach(() => s3().send(new CreateBucketCommand({ Bucket: BUCKET })));

describe('ListObjectsV2', () => {
  const put = (key: string) =>
    s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));

  it('folds keys under a delimiter into common prefixes', async () => {
    for (const key of [
      'web_logs/year=2026/a',
      'web_logs/year=2027/b',
      'web_logs/top',
      'access_events/x',
    ])
      await put(key);

    const result = await s3().send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'web_logs/', Delimiter: '/' }),
    );

    expect(result.Contents?.map((object) => object.Key)).toEqual(['web_logs/top']);
    expect(result.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual([
      'web_logs/year=2026/',
      'web_logs/year=2027/',
    ]);
    expect(result.KeyCount).toBe(3);
  });

  it('pages through 2,500 keys in key order with continuation tokens', async () => {
    const keys = Array.from({ length: 2500 }, (_, index) => `k/${String(index).padStart(5, '0')}`);
    for (let index = 0; index < keys.length; index += 250)
      await Promise.all(keys.slice(index, index + 250).map(put));

    const seen: string[] = [];
    const pageSizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await s3().send(
        new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: token }),
      );
      pageSizes.push(page.KeyCount ?? 0);
      seen.push(...(page.Contents ?? []).map((object) => object.Key!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
    } while (token);

    expect(pageSizes).toEqual([1000, 1000, 500]);
    expect(seen).toEqual(keys);
  });

  it('orders keys by their UTF-8 bytes and starts after StartAfter', async () => {
    for (const key of ['b', 'a', 'é', 'z', '\u{1F680}']) await put(key);

    const all = await s3().send(new ListObjectsV2Command({ Bucket: BUCKET }));
    const after = await s3().send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'b' }));

    expect(all.Contents?.map((object) => object.Key)).toEqual(['a', 'b', 'z', 'é', '\u{1F680}']);
    expect(after.Contents?.map((object) => object.Key)).toEqual(['z', 'é', '\u{1F680}']);
  });

  it('round-trips odd keys with encoding-type=url', async () => {
    const keys = ['a b', 'c+d', 'e%f', 'g&h'];
    for (const key of keys) await put(key);

    const result = await s3().send(
      new ListObjectsV2Command({ Bucket: BUCKET, EncodingType: 'url' }),
    );

    expect(result.EncodingType).toBe('url');
    expect(result.Contents?.map((object) => decodeURIComponent(object.Key!))).toEqual(keys);
  });
});

describe('multipart upload', () => {
  async function upload(parts: Buffer[], checksum = false) {
    const { UploadId } = await s3().send(
      new CreateMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'big.parquet',
        ...(checksum && { ChecksumAlgorithm: 'CRC32' as const }),
      }),
    );
    const uploaded = await Promise.all(
      parts.map((body, index) =>
        s3().send(
          new UploadPartCommand({
            Bucket: BUCKET,
            Key: 'big.parquet',
            UploadId,
            PartNumber: index + 1,
            Body: body,
            ...(checksum && { ChecksumAlgorithm: 'CRC32' as const }),
          }),
        ),
      ),
    );
    return { UploadId: UploadId!, uploaded };
  }

  it('assembles the parts and computes the -N ETag as S3 does', async () => {
    const parts = [Buffer.alloc(5 * MiB, 1), Buffer.alloc(5 * MiB, 2), Buffer.from('tail')];
    const { UploadId, uploaded } = await upload(parts);

    const completed = await s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'big.parquet',
        UploadId,
        MultipartUpload: {
          Parts: uploaded.map((part, index) => ({ PartNumber: index + 1, ETag: part.ETag })),
        },
      }),
    );

    const md5s = Buffer.concat(parts.map((part) => createHash('md5').update(part).digest()));
    expect(completed.ETag).toBe(`"${createHash('md5').update(md5s).digest('hex')}-3"`);
    const object = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.parquet' }));
    expect(
      Buffer.from(await object.Body!.transformToByteArray()).equals(Buffer.concat(parts)),
    ).toBe(true);
  });

  it('reports a composite checksum when the parts carry checksums', async () => {
    const { UploadId, uploaded } = await upload(
      [Buffer.alloc(5 * MiB, 3), Buffer.from('end')],
      true,
    );

    const completed = await s3().send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'big.parquet',
        UploadId,
        MultipartUpload: {
          Parts: uploaded.map((part, index) => ({
            PartNumber: index + 1,
            ETag: part.ETag,
            ChecksumCRC32: part.ChecksumCRC32,
          })),
        },
      }),
    );

    expect(completed).toMatchObject({
      ChecksumCRC32: expect.stringMatching(/^[A-Za-z0-9+/]{6}==-2$/),
      ChecksumType: 'COMPOSITE',
    });
  });

  it.each([
    [
      'a part under 5 MiB that is not the last',
      [Buffer.alloc(1024), Buffer.from('x')],
      (etags: string[]) => etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })),
      'EntityTooSmall',
    ],
    [
      'parts out of order',
      [Buffer.alloc(5 * MiB), Buffer.from('x')],
      (etags: string[]) => [
        { PartNumber: 2, ETag: etags[1] },
        { PartNumber: 1, ETag: etags[0] },
      ],
      'InvalidPartOrder',
    ],
    [
      'an ETag that does not match the part',
      [Buffer.from('x')],
      () => [{ PartNumber: 1, ETag: '"00000000000000000000000000000000"' }],
      'InvalidPart',
    ],
  ])('refuses to complete with %s', async (_case, parts, list, errorName) => {
    const { UploadId, uploaded } = await upload(parts);

    await expect(
      s3().send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'big.parquet',
          UploadId,
          MultipartUpload: { Parts: list(uploaded.map((part) => part.ETag!)) },
        }),
      ),
    ).rejects.toMatchObject({ name: errorName, $metadata: { httpStatusCode: 400 } });
  });

  it('lists uploaded parts, and forgets an aborted upload (NoSuchUpload)', async () => {
    const { UploadId } = await upload([Buffer.from('one'), Buffer.from('two')]);

    const listed = await s3().send(
      new ListPartsCommand({ Bucket: BUCKET, Key: 'big.parquet', UploadId }),
    );
    await s3().send(
      new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'big.parquet', UploadId }),
    );

    expect(listed.Parts?.map((part) => [part.PartNumber, part.Size])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    await expect(
      s3().send(new ListPartsCommand({ Bucket: BUCKET, Key: 'big.parquet', UploadId })),
    ).rejects.toMatchObject({
      name: 'NoSuchUpload',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('presigned GET URLs', () => {
  const KEY = 'raw/exports/report 2026+final.json';
  beforeEach(() =>
    s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: '{"rows":3}' })),
  );

  it('serves the object to a plain HTTP client, with no credentials', async () => {
    const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), {
      expiresIn: 60,
    });

    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"rows":3}');
  });

  it('serves a byte range through the URL', async () => {
    const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), {
      expiresIn: 60,
    });

    const response = await fetch(url, { headers: { range: 'bytes=1-6' } });

    expect(response.status).toBe(206);
    expect(await response.text()).toBe('"rows"');
  });

  it('refuses the URL once it has expired', async () => {
    const url = await getSignedUrl(s3(), new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), {
      expiresIn: 60,
    });
    cloud().advanceClock(61_000);
    try {
      const response = await fetch(url);

      expect(response.status).toBe(403);
      expect(await response.text()).toMatch(
        /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message><X-Amz-Expires>60<\/X-Amz-Expires>/,
      );
    } finally {
      cloud().advanceClock(-61_000);
    }
  });

  it('refuses a URL whose signature was tampered with', async () => {
    const url = new URL(
      await getSignedUrl(s3(), new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), {
        expiresIn: 60,
      }),
    );
    url.searchParams.set('X-Amz-Signature', '0'.repeat(64));

    const response = await fetch(url);

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('refuses an expiry longer than seven days', async () => {
    const url = new URL(
      await getSignedUrl(s3(), new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), {
        expiresIn: 60,
      }),
    );
    url.searchParams.set('X-Amz-Expires', '604801');

    const response = await fetch(url);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>AuthorizationQueryParametersError</Code>');
  });
});

describe('S3 authentication', () => {
  it('answers an unsigned request with 403 AccessDenied', async () => {
    const response = await fetch(`${cloud().endpoint}/${BUCKET}/anything`);

    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  it.each([
    [
      'a wrong secret',
      { credentials: { accessKeyId: 'test', secretAccessKey: 'wrong' } },
      'SignatureDoesNotMatch',
      403,
    ],
    [
      'an unknown access key',
      { credentials: { accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' } },
      'InvalidAccessKeyId',
      403,
    ],
    [
      'a signature for another region',
      { region: 'eu-west-1' },
      'AuthorizationHeaderMalformed',
      400,
    ],
  ])('refuses %s', async (_case, override, errorName, status) => {
    const client = new S3Client({ ...cloud().clientConfig, ...override });

    await expect(
      client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' })),
    ).rejects.toMatchObject({
      name: errorName,
      $metadata: { httpStatusCode: status },
    });
  });
});

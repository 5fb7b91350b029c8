import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const s3 = () => new S3Client(cloud().clientConfig);
const BUCKET = 'lake-raw';

async function createBucket(name = BUCKET): Promise<void> {
  await s3().send(new CreateBucketCommand({ Bucket: name }));
}

async function readBody(
  key: string,
  extra: { VersionId?: string; Range?: string } = {},
): Promise<string> {
  const response = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ...extra }));
  return response.Body!.transformToString();
}

describe('S3 buckets', () => {
  it('creates, finds, lists and deletes a bucket', async () => {
    await createBucket();

    await expect(s3().send(new HeadBucketCommand({ Bucket: BUCKET }))).resolves.toMatchObject({
      BucketRegion: 'us-east-1',
    });
    const { Buckets } = await s3().send(new ListBucketsCommand({}));
    expect(Buckets?.map((bucket) => bucket.Name)).toEqual([BUCKET]);
    await s3().send(new DeleteBucketCommand({ Bucket: BUCKET }));
    await expect(s3().send(new HeadBucketCommand({ Bucket: BUCKET }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it.each(['UPPER', 'ab', 'a..b', '192.168.1.1', '-start'])(
    'rejects the invalid name %p',
    async (name) => {
      await expect(s3().send(new CreateBucketCommand({ Bucket: name }))).rejects.toMatchObject({
        name: 'InvalidBucketName',
        $metadata: { httpStatusCode: 400 },
      });
    },
  );

  it('refuses to delete a bucket that still holds objects', async () => {
    await createBucket();
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'x' }));

    await expect(s3().send(new DeleteBucketCommand({ Bucket: BUCKET }))).rejects.toMatchObject({
      name: 'BucketNotEmpty',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('answers NoSuchBucket for a bucket that does not exist', async () => {
    await expect(
      s3().send(new PutObjectCommand({ Bucket: 'missing-bucket', Key: 'k', Body: 'x' })),
    ).rejects.toMatchObject({
      name: 'NoSuchBucket',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('S3 objects', () => {
  it('corrupts only the object it is told to, even when another holds the same bytes', async () => {
    await createBucket();
    await createBucket('lake-mirror');
    const bytes = Buffer.alloc(64 * 1024, 7);
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'a.bin', Body: bytes }));
    await s3().send(new PutObjectCommand({ Bucket: 'lake-mirror', Key: 'a.bin', Body: bytes }));

    expect(cloud().corruptStoredObject(BUCKET, 'a.bin')).toBe(true);

    const read = async (bucket: string) => {
      const { Body } = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: 'a.bin' }));
      return Buffer.from(await Body!.transformToByteArray());
    };
    // The SDK checks the bytes against the checksum stored with them.
    await expect(read(BUCKET)).rejects.toThrow(/Checksum mismatch/);
    expect((await read('lake-mirror')).equals(bytes)).toBe(true);
  });

  beforeEach(() => createBucket());

  it.each([
    'access_events/year=2026/month=11/day=21/hour=10/part-0000.parquet',
    'odd keys/with space+plus%percent.json',
    'unicode/données-日本語-🚀.json',
    'folder-marker/',
    'semi;colon,comma=equals&amp?query#hash.txt',
  ])('stores and returns %p byte for byte with its MD5 ETag and metadata', async (key) => {
    const body = Buffer.from(`payload of ${key}`);

    const put = await s3().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        Body: body,
        ContentType: 'application/json',
        Metadata: { source: 'test' },
      }),
    );
    const got = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));

    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
    expect(got).toMatchObject({
      ETag: put.ETag,
      ContentType: 'application/json',
      Metadata: { source: 'test' },
      ContentLength: body.length,
    });
  });

  it('stores an empty object', async () => {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'empty', Body: '' }));

    const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'empty' }));
    expect(head).toMatchObject({ ContentLength: 0, ETag: '"d41d8cd98f00b204e9800998ecf8427e"' });
  });

  it('accepts a streamed upload (aws-chunked with a trailing checksum)', async () => {
    const body = Buffer.alloc(300_000, 7);

    await s3().send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'streamed',
        Body: Readable.from([body.subarray(0, 100_000), body.subarray(100_000)]),
        ContentLength: body.length,
      }),
    );

    const got = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'streamed' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(body)).toBe(true);
  });

  describe('ranges', () => {
    beforeEach(() =>
      s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'digits', Body: '0123456789' })),
    );

    it.each([
      ['bytes=0-3', '0123', 'bytes 0-3/10'],
      ['bytes=7-', '789', 'bytes 7-9/10'],
      ['bytes=-2', '89', 'bytes 8-9/10'],
      ['bytes=8-100', '89', 'bytes 8-9/10'],
    ])('serves %s', async (range, expected, contentRange) => {
      const response = await s3().send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'digits', Range: range }),
      );

      expect(await response.Body!.transformToString()).toBe(expected);
      expect(response.ContentRange).toBe(contentRange);
      expect(response.$metadata.httpStatusCode).toBe(206);
    });

    it('answers an unsatisfiable range with 416 InvalidRange', async () => {
      await expect(
        s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'digits', Range: 'bytes=10-20' })),
      ).rejects.toMatchObject({
        name: 'InvalidRange',
        $metadata: { httpStatusCode: 416 },
      });
    });
  });

  describe('checksums', () => {
    // Reference values for the standard check input "123456789".
    it.each([
      ['CRC32', 'ChecksumCRC32', 'y/Q5Jg=='],
      ['CRC32C', 'ChecksumCRC32C', '4waSgw=='],
      ['CRC64NVME', 'ChecksumCRC64NVME', 'rosUhgp5mIg='],
      ['SHA1', 'ChecksumSHA1', createHash('sha1').update('123456789').digest('base64')],
      ['SHA256', 'ChecksumSHA256', createHash('sha256').update('123456789').digest('base64')],
    ] as const)('verifies and returns %s', async (algorithm, field, expected) => {
      const put = await s3().send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'check',
          Body: '123456789',
          ChecksumAlgorithm: algorithm,
        }),
      );
      const got = await s3().send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'check', ChecksumMode: 'ENABLED' }),
      );

      expect(put[field]).toBe(expected);
      expect(got[field]).toBe(expected);
    });

    it('rejects a body that does not match the checksum sent', async () => {
      await expect(
        s3().send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: 'bad',
            Body: '123456789',
            ChecksumCRC32: 'AAAAAA==',
          }),
        ),
      ).rejects.toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
      await expect(
        s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'bad' })),
      ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    });

    it('rejects a body that does not match Content-MD5', async () => {
      await expect(
        s3().send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: 'bad',
            Body: 'abc',
            ContentMD5: createHash('md5').update('abd').digest('base64'),
          }),
        ),
      ).rejects.toMatchObject({ name: 'BadDigest', $metadata: { httpStatusCode: 400 } });
    });
  });

  describe('conditional requests', () => {
    it('refuses to overwrite with If-None-Match: * (412) and leaves the first write', async () => {
      await s3().send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'once', Body: 'first', IfNoneMatch: '*' }),
      );

      await expect(
        s3().send(
          new PutObjectCommand({ Bucket: BUCKET, Key: 'once', Body: 'second', IfNoneMatch: '*' }),
        ),
      ).rejects.toMatchObject({
        name: 'PreconditionFailed',
        $metadata: { httpStatusCode: 412 },
      });
      expect(await readBody('once')).toBe('first');
    });

    it('answers If-Match with a stale ETag with 412 and a current one with the object', async () => {
      const { ETag } = await s3().send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v1' }),
      );

      await expect(
        s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k', IfMatch: '"0000"' })),
      ).rejects.toMatchObject({
        name: 'PreconditionFailed',
        $metadata: { httpStatusCode: 412 },
      });
      const current = await s3().send(
        new GetObjectCommand({ Bucket: BUCKET, Key: 'k', IfMatch: ETag }),
      );
      expect(await current.Body!.transformToString()).toBe('v1');
    });

    it('answers If-None-Match with the current ETag with 304', async () => {
      const { ETag } = await s3().send(
        new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v1' }),
      );

      await expect(
        s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k', IfNoneMatch: ETag })),
      ).rejects.toMatchObject({
        $metadata: { httpStatusCode: 304 },
      });
    });
  });

  it('rejects user metadata over 2 KB', async () => {
    await expect(
      s3().send(
        new PutObjectCommand({
          Bucket: BUCKET,
          Key: 'k',
          Body: 'x',
          Metadata: { big: 'x'.repeat(2100) },
        }),
      ),
    ).rejects.toMatchObject({ name: 'MetadataTooLarge', $metadata: { httpStatusCode: 400 } });
  });

  it('answers NoSuchKey for GET and a bodiless 404 for HEAD of a missing key', async () => {
    await expect(
      s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing' })),
    ).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(
      s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'missing' })),
    ).rejects.toMatchObject({
      name: 'NotFound',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('deletes a batch of keys and reports each', async () => {
    await Promise.all(
      ['a', 'b'].map((key) =>
        s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key })),
      ),
    );

    const result = await s3().send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Objects: [{ Key: 'a' }, { Key: 'b' }, { Key: 'never-existed' }] },
      }),
    );

    expect(result.Deleted?.map((deleted) => deleted.Key).sort()).toEqual([
      'a',
      'b',
      'never-existed',
    ]);
    await expect(
      s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'a' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});

describe('S3 versioning', () => {
  beforeEach(async () => {
    await createBucket();
    await s3().send(
      new PutBucketVersioningCommand({
        Bucket: BUCKET,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
  });

  it('keeps every version, serves each by id, and hides the key behind a delete marker', async () => {
    const first = await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v1' }));
    const second = await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v2' }));
    const deleted = await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'k' }));

    expect(first.VersionId).not.toBe(second.VersionId);
    expect(await readBody('k', { VersionId: first.VersionId! })).toBe('v1');
    expect(deleted).toMatchObject({ DeleteMarker: true, VersionId: expect.any(String) });
    await expect(
      s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k' })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    const versions = await s3().send(new ListObjectVersionsCommand({ Bucket: BUCKET }));
    expect(versions.Versions?.map((version) => version.VersionId)).toEqual([
      second.VersionId,
      first.VersionId,
    ]);
    expect(versions.DeleteMarkers).toEqual([
      expect.objectContaining({ VersionId: deleted.VersionId, IsLatest: true }),
    ]);
  });

  it('restores the object when its delete marker is deleted', async () => {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v1' }));
    const marker = await s3().send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'k' }));

    await s3().send(
      new DeleteObjectCommand({ Bucket: BUCKET, Key: 'k', VersionId: marker.VersionId }),
    );

    expect(await readBody('k')).toBe('v1');
  });

  it('answers NoSuchVersion for an unknown version id', async () => {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k', Body: 'v1' }));

    await expect(
      s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'k', VersionId: 'doesNotExist123' })),
    ).rejects.toMatchObject({
      name: 'NoSuchVersion',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

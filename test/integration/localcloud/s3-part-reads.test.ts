/**
 * GET/HEAD with `partNumber`: one part of a multipart object, and `x-amz-mp-parts-count`, which
 * S3 sends only for such reads (GetObject/HeadObject API reference, PartsCount).
 */
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const s3 = () => new S3Client(cloud().clientConfig);
const BUCKET = 'part-reads';
const MiB = 1024 * 1024;
const PARTS = [Buffer.alloc(5 * MiB, 1), Buffer.from('second part')];

async function putMultipart(key: string): Promise<void> {
  const { UploadId } = await s3().send(
    new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }),
  );
  const parts = [];
  for (const [index, Body] of PARTS.entries()) {
    const PartNumber = index + 1;
    const { ETag } = await s3().send(
      new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber, Body }),
    );
    parts.push({ ETag, PartNumber });
  }
  await s3().send(
    new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
}

beforeEach(() => s3().send(new CreateBucketCommand({ Bucket: BUCKET })));

describe('part reads', () => {
  it('sends no parts count on a plain GET or HEAD of a multipart object', async () => {
    await putMultipart('multi.bin');

    const head = await s3().send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'multi.bin' }));
    const get = await s3().send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi.bin' }));
    await get.Body!.transformToByteArray();

    expect(head.PartsCount).toBeUndefined();
    expect(get.PartsCount).toBeUndefined();
    expect(head.ContentLength).toBe(5 * MiB + PARTS[1]!.length);
  });

  it('serves the part asked for, with the parts count and its byte range', async () => {
    await putMultipart('multi.bin');

    const second = await s3().send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'multi.bin', PartNumber: 2 }),
    );
    const head = await s3().send(
      new HeadObjectCommand({ Bucket: BUCKET, Key: 'multi.bin', PartNumber: 1 }),
    );

    expect(Buffer.from(await second.Body!.transformToByteArray()).toString()).toBe('second part');
    expect(second).toMatchObject({
      PartsCount: 2,
      ContentLength: PARTS[1]!.length,
      ContentRange: `bytes ${5 * MiB}-${5 * MiB + PARTS[1]!.length - 1}/${5 * MiB + PARTS[1]!.length}`,
    });
    expect(head).toMatchObject({ PartsCount: 2, ContentLength: 5 * MiB });
  });

  it('treats an object uploaded whole as one part, and refuses a part beyond the last', async () => {
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: 'whole.txt', Body: 'whole' }));

    const first = await s3().send(
      new GetObjectCommand({ Bucket: BUCKET, Key: 'whole.txt', PartNumber: 1 }),
    );
    const beyond = await s3()
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: 'whole.txt', PartNumber: 2 }))
      .catch((error: unknown) => error);

    expect(await first.Body!.transformToString()).toBe('whole');
    expect(first.PartsCount).toBeUndefined();
    expect(beyond).toBeInstanceOf(S3ServiceException);
    expect(beyond).toMatchObject({ name: 'InvalidPartNumber', $metadata: { httpStatusCode: 416 } });
  });
});

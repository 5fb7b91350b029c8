/**
 * XML request bodies written the way Go's encoding/xml writes them (rclone, the Go SDKs):
 * quotes and other characters as numeric character references (`&#34;`, `&#x22;`). The SDKs
 * here write `&quot;`, so a middleware rewrites S3 bodies once serialized, before signing,
 * and the Azure block list is sent by hand under a SAS.
 */
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { BlobSASPermissions } from '@azure/storage-blob';
import { useLocalCloud } from '../../fixtures/localcloud';
import { blobService } from './azure-blob-fixtures';

const cloud = useLocalCloud();
const BUCKET = 'xml-bodies';
const MiB = 1024 * 1024;

/** `&quot;` as Go writes it: decimal for ETags, hexadecimal elsewhere, to cover both forms. */
function goStyle(xml: string): string {
  return xml
    .replace(/<ETag>&quot;([^<]*)&quot;<\/ETag>/g, '<ETag>&#34;$1&#34;</ETag>')
    .replace(/&quot;/g, '&#x22;');
}

function goStyleS3(): S3Client {
  const s3 = new S3Client(cloud().clientConfig);
  // Before the build step's checksums and length, and before signing.
  s3.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { body?: unknown };
      if (typeof request.body === 'string') request.body = goStyle(request.body);
      return next(args);
    },
    { step: 'build', priority: 'high', name: 'goStyleXml' },
  );
  return s3;
}

beforeEach(() =>
  new S3Client(cloud().clientConfig).send(new CreateBucketCommand({ Bucket: BUCKET })),
);

describe('S3 XML bodies with numeric character references', () => {
  it('completes a multipart upload whose part ETags are written as &#34;…&#34;', async () => {
    const s3 = new S3Client(cloud().clientConfig);
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts.bin' }),
    );
    const bodies = [Buffer.alloc(5 * MiB, 'a'), Buffer.from('tail')];
    const parts = [];
    for (const [index, Body] of bodies.entries()) {
      const { ETag } = await s3.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: 'parts.bin',
          UploadId,
          PartNumber: index + 1,
          Body,
        }),
      );
      parts.push({ ETag, PartNumber: index + 1 });
    }

    const completed = await goStyleS3().send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'parts.bin',
        UploadId,
        MultipartUpload: { Parts: parts },
      }),
    );
    const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'parts.bin' }));

    expect(completed.ETag).toMatch(/-2"$/);
    expect(
      Buffer.from(await object.Body!.transformToByteArray()).equals(Buffer.concat(bodies)),
    ).toBe(true);
  });

  it('deletes the keys DeleteObjects names through character references, and only those', async () => {
    const s3 = goStyleS3();
    for (const Key of ['say "hi".txt', 'say hi.txt'])
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }));

    const deleted = await s3.send(
      new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'say "hi".txt' }] } }),
    );
    const left = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));

    expect(deleted.Deleted?.map((entry) => entry.Key)).toEqual(['say "hi".txt']);
    expect(left.Contents?.map((entry) => entry.Key)).toEqual(['say hi.txt']);
  });
});

describe('Azure Put Block List with numeric character references', () => {
  it('commits the blocks the references name, in document order', async () => {
    const container = blobService(cloud()).getContainerClient('references');
    await container.create();
    const blob = container.getBlockBlobClient('joined.txt');
    const [first, second] = ['first', 'second'].map((name) => Buffer.from(name).toString('base64'));
    await blob.stageBlock(second!, 'world', 5);
    await blob.stageBlock(first!, 'hello ', 6);
    const sasUrl = await blob.generateSasUrl({
      permissions: BlobSASPermissions.parse('rw'),
      expiresOn: new Date(Date.now() + 60 * 60 * 1000),
    });
    // Each id's first character as a decimal reference, the way Go escapes what it must.
    const reference = (id: string) => `&#${id.charCodeAt(0)};${id.slice(1)}`;
    const blockList = `<?xml version="1.0" encoding="utf-8"?><BlockList><Latest>${reference(first!)}</Latest><Latest>${reference(second!)}</Latest></BlockList>`;

    const committed = await fetch(`${sasUrl}&comp=blocklist`, {
      method: 'PUT',
      headers: { 'x-ms-version': '2021-12-02', 'content-type': 'application/xml' },
      body: blockList,
    });
    const content = await blob.downloadToBuffer();

    expect(committed.status).toBe(201);
    expect(content.toString()).toBe('hello world');
  });
});

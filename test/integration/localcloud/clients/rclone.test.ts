/**
 * rclone (Go: its own S3 and Azure Blob clients, and Go's XML encoder) against localcloud's S3
 * and Azure Blob endpoints. Small cut-offs force multipart uploads and staged blocks on files of
 * a few MiB, so the tests stay fast.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { RCLONE_AZURE, RCLONE_S3, useCliTools } from '../../../fixtures/cli-tools';
import { useLocalCloud } from '../../../fixtures/localcloud';

const cloud = useLocalCloud();
const tools = useCliTools(cloud, ['rclone']);
const MiB = 1024 * 1024;
const ODD_NAMES = ['with space.txt', 'plus+sign=1&x.json', '100% done %.csv', 'été ünï €.txt'];

interface ListedFile {
  readonly Path: string;
  readonly Size: number;
}

function localFile(name: string, bytes: Buffer): string {
  const path = join(tools().workDir, name);
  writeFileSync(path, bytes);
  return path;
}

async function listed(remote: string, flags: readonly string[] = []): Promise<ListedFile[]> {
  const { stdout } = await tools().rclone([
    'lsjson',
    '--recursive',
    '--files-only',
    ...flags,
    remote,
  ]);
  return (JSON.parse(stdout) as ListedFile[]).sort((a, b) => (a.Path < b.Path ? -1 : 1));
}

describe('rclone against S3', () => {
  const bucket = 'rclone-bucket';
  const remote = `${RCLONE_S3}:${bucket}`;

  beforeEach(() =>
    new S3Client(cloud().clientConfig).send(new CreateBucketCommand({ Bucket: bucket })),
  );

  it('uploads in parts (Go writes the ETags as &#34;…&#34;) and downloads the same bytes', async () => {
    const bytes = randomBytes(11 * MiB);
    const original = localFile('eleven.bin', bytes);
    const copy = join(tools().workDir, 'eleven.copy');

    await tools().rclone([
      'copyto',
      '--s3-upload-cutoff',
      '5M',
      '--s3-chunk-size',
      '5M',
      original,
      `${remote}/dir/big file+1%.bin`,
    ]);
    await tools().rclone(['copyto', `${remote}/dir/big file+1%.bin`, copy]);
    const head = await new S3Client(cloud().clientConfig).send(
      new HeadObjectCommand({ Bucket: bucket, Key: 'dir/big file+1%.bin' }),
    );

    expect(head.ETag).toMatch(/-3"$/);
    expect(readFileSync(copy).equals(bytes)).toBe(true);
  });

  it.each([
    ['ListObjects (v1)', '1'],
    ['ListObjectsV2', '2'],
  ])('lists odd names intact through %s with URL-encoded listings', async (_listing, version) => {
    for (const name of ODD_NAMES)
      await tools().rclone([
        'copyto',
        localFile('odd.txt', Buffer.from(name)),
        `${remote}/odd/${name}`,
      ]);

    const files = await listed(remote, [
      '--s3-list-version',
      version,
      '--s3-list-url-encode',
      'true',
    ]);

    expect(files.map((file) => file.Path)).toEqual(ODD_NAMES.map((name) => `odd/${name}`).sort());
  });

  it('deletes objects', async () => {
    for (const name of ODD_NAMES)
      await tools().rclone([
        'copyto',
        localFile('gone.txt', Buffer.from(name)),
        `${remote}/${name}`,
      ]);

    await tools().rclone(['delete', remote]);

    expect(await listed(remote)).toEqual([]);
  });
});

describe('rclone against Azure Blob', () => {
  const remote = `${RCLONE_AZURE}:rclone-container`;

  it('stages blocks, commits them with Put Block List, lists, reads back and deletes', async () => {
    const bytes = randomBytes(3 * MiB);
    const original = localFile('three.bin', bytes);
    const copy = join(tools().workDir, 'three.copy');
    const blobName = 'dir/a b+c%é.bin';

    await tools().rclone(['mkdir', remote]);
    await tools().rclone([
      'copyto',
      '--azureblob-chunk-size',
      '1M',
      '--azureblob-upload-cutoff',
      '1M',
      original,
      `${remote}/${blobName}`,
    ]);
    const files = await listed(remote);
    await tools().rclone(['copyto', `${remote}/${blobName}`, copy]);
    await tools().rclone(['deletefile', `${remote}/${blobName}`]);

    expect(files).toEqual([expect.objectContaining({ Path: blobName, Size: bytes.length })]);
    expect(readFileSync(copy).equals(bytes)).toBe(true);
    expect(await listed(remote)).toEqual([]);
  });
});

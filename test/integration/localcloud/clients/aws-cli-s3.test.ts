/**
 * The AWS CLI (botocore, a client independent of the JavaScript SDK the rest of the tests use)
 * against localcloud's S3. botocore asks for `encoding-type=url` on every listing and decodes
 * only when the response says `EncodingType`, so odd keys coming back intact prove both.
 * Objects are seeded with the SDK: each CLI start costs about a second.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { useCliTools } from '../../../fixtures/cli-tools';
import { useLocalCloud } from '../../../fixtures/localcloud';

const cloud = useLocalCloud();
const tools = useCliTools(cloud, ['aws']);
const BUCKET = 'cli-bucket';
const MiB = 1024 * 1024;
const ODD_KEYS = [
  'plain.txt',
  'with space/a b.txt',
  'plus+sign=1&x.json',
  '100% done %.csv',
  'été/ünï €.txt',
];

interface ListedKeys {
  readonly Contents?: { Key: string }[];
  readonly Versions?: { Key: string }[];
  readonly CommonPrefixes?: { Prefix: string }[];
}

const keysOf = (listing: ListedKeys) =>
  (listing.Contents ?? listing.Versions ?? []).map((entry) => entry.Key);

const s3 = () => new S3Client(cloud().clientConfig);

async function putKeys(keys: readonly string[]): Promise<void> {
  for (const key of keys)
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'content' }));
}

beforeEach(() => s3().send(new CreateBucketCommand({ Bucket: BUCKET })));

describe('aws s3api listings', () => {
  it('lists odd keys intact with ListObjects (v1), ListObjectsV2 and ListObjectVersions', async () => {
    await putKeys(ODD_KEYS);
    const sorted = [...ODD_KEYS].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

    const v1 = await tools().awsJson<ListedKeys>(['s3api', 'list-objects', '--bucket', BUCKET]);
    const v2 = await tools().awsJson<ListedKeys>(['s3api', 'list-objects-v2', '--bucket', BUCKET]);
    const versions = await tools().awsJson<ListedKeys>([
      's3api',
      'list-object-versions',
      '--bucket',
      BUCKET,
    ]);

    expect(keysOf(v1)).toEqual(sorted);
    expect(keysOf(v2)).toEqual(sorted);
    expect(keysOf(versions)).toEqual(sorted);
  });

  it('pages ListObjects (v1) by marker, with and without a delimiter, and decodes prefixes', async () => {
    const keys = ['a 1', 'a 2', 'b+/x 1', 'b+/x 2', 'c%/y', 'd é'];
    await putKeys(keys);
    const page = (extra: string[]) =>
      tools().awsJson<ListedKeys>([
        's3api',
        'list-objects',
        '--bucket',
        BUCKET,
        '--page-size',
        '2',
        ...extra,
      ]);

    const flat = await page([]);
    const folded = await page(['--delimiter', '/']);

    expect(keysOf(flat)).toEqual(keys);
    expect(keysOf(folded)).toEqual(['a 1', 'a 2', 'd é']);
    expect(folded.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['b+/', 'c%/']);
  });
});

describe('aws s3 transfers', () => {
  it('uploads in parts, downloads the same bytes, and reads one part', async () => {
    const original = join(tools().workDir, 'eleven-mib.bin');
    const copy = join(tools().workDir, 'eleven-mib.copy');
    writeFileSync(original, randomBytes(11 * MiB));
    const uri = `s3://${BUCKET}/big file+1%.bin`;

    await tools().aws(['s3', 'cp', original, uri]);
    await tools().aws(['s3', 'cp', uri, copy]);
    const secondPart = await tools().awsJson<{ PartsCount?: number; ContentLength: number }>([
      's3api',
      'head-object',
      '--bucket',
      BUCKET,
      '--key',
      'big file+1%.bin',
      '--part-number',
      '2',
    ]);

    expect(readFileSync(copy).equals(readFileSync(original))).toBe(true);
    expect(secondPart).toMatchObject({ PartsCount: 3, ContentLength: 5 * MiB });
  });

  it('deletes one object and a batch of odd keys', async () => {
    await putKeys(ODD_KEYS);

    await tools().aws(['s3', 'rm', `s3://${BUCKET}/plain.txt`]);
    await tools().aws([
      's3api',
      'delete-objects',
      '--bucket',
      BUCKET,
      '--delete',
      JSON.stringify({ Objects: ODD_KEYS.slice(1).map((Key) => ({ Key })) }),
    ]);
    const left = await s3().send(new ListObjectsV2Command({ Bucket: BUCKET }));

    expect(left.KeyCount).toBe(0);
  });
});

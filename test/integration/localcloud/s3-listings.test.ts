/**
 * ListObjects (v1) and ListObjectVersions as the S3 API reference describes them: markers,
 * delimiters, `EncodingType`, and paging. The JavaScript SDK does not decode URL-encoded
 * listings, so the encoded form is what the tests see.
 */
import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  type ListObjectVersionsCommandInput,
} from '@aws-sdk/client-s3';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const s3 = () => new S3Client(cloud().clientConfig);
const BUCKET = 'listings';

async function put(...keys: string[]): Promise<void> {
  for (const key of keys)
    await s3().send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
}

beforeEach(() => s3().send(new CreateBucketCommand({ Bucket: BUCKET })));

describe('ListObjects (v1)', () => {
  it('pages by marker; without a delimiter it sends no NextMarker', async () => {
    await put('a/1', 'a/2', 'b', 'c/1', 'd');

    const first = await s3().send(new ListObjectsCommand({ Bucket: BUCKET, MaxKeys: 2 }));
    const rest = await s3().send(new ListObjectsCommand({ Bucket: BUCKET, Marker: 'a/2' }));

    expect(first.Contents?.map((entry) => entry.Key)).toEqual(['a/1', 'a/2']);
    expect(first).toMatchObject({ IsTruncated: true, MaxKeys: 2 });
    expect(first.NextMarker).toBeUndefined();
    expect(first.Contents?.[0]?.Owner?.ID).toBe(cloud().accountId);
    expect(rest.Contents?.map((entry) => entry.Key)).toEqual(['b', 'c/1', 'd']);
    expect(rest).toMatchObject({ IsTruncated: false, Marker: 'a/2' });
  });

  it('folds common prefixes under a delimiter and then names the NextMarker', async () => {
    await put('a/1', 'a/2', 'b', 'c/1', 'd');

    const first = await s3().send(
      new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2 }),
    );
    const second = await s3().send(
      new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', Marker: first.NextMarker }),
    );
    const underA = await s3().send(new ListObjectsCommand({ Bucket: BUCKET, Prefix: 'a/' }));

    expect(first.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['a/']);
    expect(first.Contents?.map((entry) => entry.Key)).toEqual(['b']);
    expect(first).toMatchObject({ IsTruncated: true, NextMarker: 'b', Delimiter: '/' });
    expect(second.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual(['c/']);
    expect(second.Contents?.map((entry) => entry.Key)).toEqual(['d']);
    expect(second.IsTruncated).toBe(false);
    expect(second.NextMarker).toBeUndefined();
    expect(underA).toMatchObject({ Prefix: 'a/' });
    expect(underA.Contents?.map((entry) => entry.Key)).toEqual(['a/1', 'a/2']);
  });

  it('URL-encodes keys, prefixes, the delimiter and markers with encoding-type=url', async () => {
    await put('x y/a+b', 'x y/c%d', 'x y/é/1');

    const listed = await s3().send(
      new ListObjectsCommand({
        Bucket: BUCKET,
        Prefix: 'x y/',
        Delimiter: '/',
        Marker: 'x y/a+b',
        MaxKeys: 1,
        EncodingType: 'url',
      }),
    );

    expect(listed).toMatchObject({
      EncodingType: 'url',
      Prefix: 'x%20y/',
      Delimiter: '/',
      Marker: 'x%20y/a%2Bb',
      NextMarker: 'x%20y/c%25d',
      IsTruncated: true,
    });
    expect(listed.Contents?.map((entry) => entry.Key)).toEqual(['x%20y/c%25d']);
  });
});

describe('ListObjectVersions', () => {
  const list = (input: Omit<ListObjectVersionsCommandInput, 'Bucket'>) =>
    s3().send(new ListObjectVersionsCommand({ Bucket: BUCKET, ...input }));

  beforeEach(() =>
    s3().send(
      new PutBucketVersioningCommand({
        Bucket: BUCKET,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    ),
  );

  it('says EncodingType=url and URL-encodes keys, prefix and markers when asked', async () => {
    await put('dir one/a+b.json', 'dir one/a+b.json', 'dir one/100%.csv');

    const page = await list({ Prefix: 'dir one/', MaxKeys: 1, EncodingType: 'url' });
    const next = await list({
      Prefix: 'dir one/',
      KeyMarker: 'dir one/100%.csv',
      EncodingType: 'url',
    });

    expect(page).toMatchObject({
      EncodingType: 'url',
      Prefix: 'dir%20one/',
      IsTruncated: true,
      NextKeyMarker: 'dir%20one/100%25.csv',
    });
    expect(page.Versions?.map((version) => version.Key)).toEqual(['dir%20one/100%25.csv']);
    expect(next.KeyMarker).toBe('dir%20one/100%25.csv');
    expect(next.Versions?.map((version) => version.Key)).toEqual([
      'dir%20one/a%2Bb.json',
      'dir%20one/a%2Bb.json',
    ]);
  });

  it('folds keys under a delimiter into common prefixes', async () => {
    await put('logs/2026/a', 'logs/2027/b', 'logs/top');

    const folded = await list({ Prefix: 'logs/', Delimiter: '/' });

    expect(folded.CommonPrefixes?.map((prefix) => prefix.Prefix)).toEqual([
      'logs/2026/',
      'logs/2027/',
    ]);
    expect(folded.Versions?.map((version) => version.Key)).toEqual(['logs/top']);
    expect(folded.Delimiter).toBe('/');
  });

  it('pages inside the versions of one key with NextVersionIdMarker', async () => {
    await put('k', 'k', 'k', 'z');
    const all = await list({});

    const seen: string[] = [];
    let markers: Pick<ListObjectVersionsCommandInput, 'KeyMarker' | 'VersionIdMarker'> = {};
    for (;;) {
      const page = await list({ MaxKeys: 2, ...markers });
      seen.push(...(page.Versions ?? []).map((version) => `${version.Key}@${version.VersionId}`));
      if (!page.IsTruncated) break;
      markers = { KeyMarker: page.NextKeyMarker, VersionIdMarker: page.NextVersionIdMarker };
    }

    expect(seen).toEqual(
      (all.Versions ?? []).map((version) => `${version.Key}@${version.VersionId}`),
    );
    expect(seen).toHaveLength(4);
  });
});

/**
 * The "Object Created" / "Object Deleted" events localcloud's S3 sends to EventBridge, field by
 * field as AWS sends them: S3 user guide, "EventBridge event message structure", and the events
 * recorded from AWS in LocalStack's validated snapshots (docs/decisions.md). Delivered through
 * the platform's own mirror rule and queue (scripts/local-platform/lake.ts).
 */
import { createHash } from 'node:crypto';
import {
  DeleteObjectCommand,
  DeleteObjectsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { loadPlatform } from '../../../infra/platform';
import { eventKeyReadings } from '../../../lambdas/shared/s3-event-bridge';
import { deployLocalLake, type LocalLake } from '../../../scripts/local-platform/lake';
import { useLocalCloud } from '../../fixtures/localcloud';
import { receiveRecords } from '../../fixtures/sqs-records';

const cloud = useLocalCloud();
let lake: LocalLake;
let bucket: string;
beforeEach(async () => {
  lake = await deployLocalLake(cloud(), { platform: loadPlatform('dev'), deliverDeletes: true });
  bucket = lake.buckets.raw;
});

const FOLDER = 'customers/year=2026/month=03/day=08/';
const HEX_SEQUENCER = expect.stringMatching(/^[0-9A-F]{18}$/);

interface S3Event {
  readonly 'detail-type': string;
  readonly detail: {
    readonly object: { readonly key: string; readonly sequencer: string; readonly etag?: string };
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

async function receiveEvents(): Promise<S3Event[]> {
  const records = await receiveRecords(lake.sqs, lake.queueUrl, 'arn:aws:sqs:::transfer');
  return records
    .map((record) => JSON.parse(record.body) as S3Event)
    .sort((a, b) => a.detail.object.sequencer.localeCompare(b.detail.object.sequencer));
}

describe('S3 → EventBridge events from localcloud', () => {
  it('sends an Object Created event with exactly the fields S3 sends', async () => {
    const put = await lake.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${FOLDER}a.json`, Body: '{"a":1}' }),
    );

    const [event] = await receiveEvents();

    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: cloud().accountId,
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: cloud().region,
      resources: [`arn:aws:s3:::${bucket}`],
      detail: {
        version: '0',
        bucket: { name: bucket },
        object: {
          key: 'customers/year%3D2026/month%3D03/day%3D08/a.json',
          size: 7,
          etag: put.ETag!.replace(/"/g, ''),
          'version-id': put.VersionId,
          sequencer: HEX_SEQUENCER,
        },
        'request-id': expect.any(String),
        requester: cloud().accountId,
        'source-ip-address': expect.any(String),
        reason: 'PutObject',
      },
    });
  });

  it.each([
    ['a plus, an equals sign and an ampersand', 'a+b=c&d.json', 'a%2Bb%3Dc%26d.json'],
    ['percent signs', '100%25 done %.json', '100%2525+done+%25.json'],
    ['a space', 'with space.json', 'with+space.json'],
    ['what forms encode and URIs need not', "(1) copy!~'*.json", '%281%29+copy%21%7E%27*.json'],
    ['unicode', 'été/日本.json', '%C3%A9t%C3%A9/%E6%97%A5%E6%9C%AC.json'],
  ])('form-encodes a key with %s, leaving slashes', async (_what, name, encoded) => {
    await lake.s3.send(new PutObjectCommand({ Bucket: bucket, Key: FOLDER + name, Body: 'x' }));

    const [event] = await receiveEvents();

    expect(event?.detail.object.key).toBe(`customers/year%3D2026/month%3D03/day%3D08/${encoded}`);
    expect(eventKeyReadings(event!.detail.object.key)[0]).toBe(FOLDER + name);
  });

  it('reports deletes as S3 does: the deletion type, DeleteObject for any request, no size', async () => {
    const key = `${FOLDER}deleted.json`;
    const first = await lake.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '1' }));
    await lake.s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: key }] } }),
    );
    await lake.s3.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: first.VersionId }),
    );

    const [created, marker, permanent] = await receiveEvents();

    expect(created?.['detail-type']).toBe('Object Created');
    expect(marker?.detail).toEqual({
      version: '0',
      bucket: { name: bucket },
      object: {
        key: 'customers/year%3D2026/month%3D03/day%3D08/deleted.json',
        // A delete marker's ETag is the empty body's MD5.
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        'version-id': expect.any(String),
        sequencer: HEX_SEQUENCER,
      },
      'request-id': expect.any(String),
      requester: cloud().accountId,
      'source-ip-address': expect.any(String),
      reason: 'DeleteObject',
      'deletion-type': 'Delete Marker Created',
    });
    expect(permanent?.detail).toMatchObject({
      object: { 'version-id': first.VersionId, sequencer: HEX_SEQUENCER },
      reason: 'DeleteObject',
      'deletion-type': 'Permanently Deleted',
    });
    expect(Object.keys(permanent!.detail.object).sort()).toEqual([
      'key',
      'sequencer',
      'version-id',
    ]);
  });

  it('gives an unversioned object neither a version id in its events nor an ETag when deleted', async () => {
    await lake.s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Suspended' },
      }),
    );
    const key = `${FOLDER}unversioned.json`;
    await lake.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: '1' }));
    await lake.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: 'null' }));

    const [created, deleted] = await receiveEvents();

    expect(Object.keys(created!.detail.object).sort()).toEqual([
      'etag',
      'key',
      'sequencer',
      'size',
    ]);
    expect(Object.keys(deleted!.detail.object).sort()).toEqual(['key', 'sequencer']);
    expect(deleted?.detail['deletion-type']).toBe('Permanently Deleted');
  });

  it('orders the changes of one key by sequencer, each change its own', async () => {
    const key = `${FOLDER}ordered.json`;
    const bodies = ['v1', 'v2', 'v3'];
    for (const body of bodies)
      await lake.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    await lake.s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));

    const events = await receiveEvents();

    expect(new Set(events.map((event) => event.detail.object.sequencer)).size).toBe(4);
    expect(events.map((event) => event.detail.object.etag)).toEqual([
      ...bodies.map((body) => createHash('md5').update(body).digest('hex')),
      'd41d8cd98f00b204e9800998ecf8427e',
    ]);
    expect(events.at(-1)?.['detail-type']).toBe('Object Deleted');
  });
});

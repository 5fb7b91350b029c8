/**
 * Objects a job rewrites (the curated datasets) are deleted from the mirror when S3 deletes them,
 * with mirrorDeletes off: the rules as deployed by default route those deletes only, and the
 * function removes their copies while it keeps the copy of any other deleted object.
 */
import { DeleteObjectsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import { createRecordHandler } from '../../../../lambdas/s3-to-adls/batch';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  readMirror,
  receiveRecords,
  setUpLake,
  transferDependencies,
  type Lake,
} from './transfer-fixtures';

const cloud = useLocalCloud();
const CURATED_KEY = 'customer_rfm/year=2026/month=03/day=07/part-00000-run1.c000.json';
const RAW_KEY = 'transactions/year=2026/month=03/day=07/part-00000-a.c000.json';

function detailOf(record: SQSRecord): { type: string; key: string; reason: string } {
  const event = JSON.parse(record.body) as {
    'detail-type': string;
    detail: { object: { key: string }; reason: string };
  };
  // S3 form-encodes the key in its events (`=` is `%3D`).
  const key = decodeURIComponent(event.detail.object.key.replace(/\+/g, ' '));
  return { type: event['detail-type'], key, reason: event.detail.reason };
}

async function mirrorBoth(lake: Lake): Promise<ReturnType<typeof createRecordHandler>> {
  await lake.s3.send(new PutObjectCommand({ Bucket: lake.curated, Key: CURATED_KEY, Body: '{}' }));
  await lake.s3.send(new PutObjectCommand({ Bucket: lake.raw, Key: RAW_KEY, Body: '{}' }));
  const handle = createRecordHandler(transferDependencies(cloud(), lake).deps);
  for (const record of await receiveRecords(lake)) await handle(record);
  expect(await readMirror(cloud(), 'curated', CURATED_KEY)).toBeDefined();
  expect(await readMirror(cloud(), 'raw', RAW_KEY)).toBeDefined();
  return handle;
}

it('routes the delete of a rewritten object, not of a raw one, and removes only its copy', async () => {
  const lake = await setUpLake(cloud(), { deliverDeletes: false });
  const handle = await mirrorBoth(lake);

  // As the job's overwrite deletes a replaced file, and as anyone might delete a raw object.
  for (const [bucket, key] of [
    [lake.curated, CURATED_KEY],
    [lake.raw, RAW_KEY],
  ] as const)
    await lake.s3.send(
      new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: [{ Key: key }] } }),
    );
  const records = await receiveRecords(lake);

  expect(records.map(detailOf)).toEqual([
    { type: 'Object Deleted', key: CURATED_KEY, reason: 'DeleteObject' },
  ]);
  expect(await handle(records[0]!)).toEqual({ outcome: 'deleted' });
  expect(await readMirror(cloud(), 'curated', CURATED_KEY)).toBeUndefined();
  expect(await readMirror(cloud(), 'raw', RAW_KEY)).toBeDefined();
});

it('keeps the copy of a raw object whose delete reaches the function anyway', async () => {
  const lake = await setUpLake(cloud(), { deliverDeletes: true });
  const handle = await mirrorBoth(lake);
  await lake.s3.send(
    new DeleteObjectsCommand({ Bucket: lake.raw, Delete: { Objects: [{ Key: RAW_KEY }] } }),
  );
  const [deleted] = await receiveRecords(lake);

  expect(await handle(deleted!)).toEqual({ outcome: 'skipped', reason: 'deletes-not-mirrored' });
  expect(await readMirror(cloud(), 'raw', RAW_KEY)).toBeDefined();
});

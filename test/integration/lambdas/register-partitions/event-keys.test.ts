/**
 * Registration from real S3 events whichever way they carry the key (form-encoded as localcloud
 * and AWS's classic format do, or raw as other emulators do), and the events it refuses: buckets
 * that are not this deployment's and partitions that cannot exist.
 */
import { GetPartitionsCommand } from '@aws-sdk/client-glue';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { bucketName, catalogDatabaseName } from '../../../../infra/platform';
import { createBatchHandler } from '../../../../lambdas/register-partitions/batch';
import { objectCreatedEvent, withSentKey } from '../../../fixtures/events/s3-events';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  LAMBDA_CONTEXT,
  PLATFORM,
  putObjects,
  receiveRecords,
  registrationDependencies,
  setUpRegistration,
  sqsEvent,
  type RegistrationLake,
} from './registration-fixtures';

const cloud = useLocalCloud();
let lake: RegistrationLake;
beforeEach(async () => {
  lake = await setUpRegistration(cloud());
});

const RAW = catalogDatabaseName(PLATFORM, 'raw');
const HOUR = 'access_events/year=2026/month=03/day=08/hour=17/';
const ODD_FILES = ['a+b=c&d.json', '100%25 done %.json', 'with space.json', 'ünï-日本-😀.json'];
const FOLDER_MARKER = 'access_events/year=2026/month=03/day=08/hour=18/';

async function registeredPartitions(): Promise<string[][]> {
  const { Partitions = [] } = await lake.glue.send(
    new GetPartitionsCommand({ DatabaseName: RAW, TableName: 'access_events' }),
  );
  return Partitions.map((partition) => partition.Values ?? []);
}

/** The record's key as the object's own key, raw, whatever localcloud sent. */
function sentRaw(record: SQSRecord): SQSRecord {
  const event = JSON.parse(record.body) as { detail: { object: { key: string } } };
  const key = decodeURIComponent(event.detail.object.key.replace(/\+/g, ' '));
  return withSentKey(record, key);
}

describe.each([
  ['form-encoded', (record: SQSRecord) => record],
  ['raw', sentRaw],
])('event keys sent %s', (_encoding, encode) => {
  it('registers the partition of every odd file name, and skips a folder marker', async () => {
    await putObjects(lake, 'raw', [...ODD_FILES.map((file) => HOUR + file), FOLDER_MARKER]);
    const records = (await receiveRecords(lake.sqs, lake.queueUrl)).map(encode);
    const { deps, observed } = registrationDependencies(lake);

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(records).toHaveLength(ODD_FILES.length + 1);
    expect(response.batchItemFailures).toEqual([]);
    expect(await registeredPartitions()).toEqual([['2026', '03', '08', '17']]);
    expect(observed.metric('Skipped', 'folder-marker')).toBe(1);
  });
});

describe('events registration refuses', () => {
  it.each([
    ['of another account', bucketName(PLATFORM, 'raw', '210987654321', 'us-east-1')],
    ['of another region', bucketName(PLATFORM, 'raw', '000000000000', 'eu-west-1')],
  ])('fails a lake-shaped bucket %s for good and points no partition at it', async (_, bucket) => {
    await lake.sqs.send(
      new SendMessageCommand({
        QueueUrl: lake.queueUrl,
        MessageBody: JSON.stringify(objectCreatedEvent({ bucket, key: `${HOUR}forged.json` })),
      }),
    );
    const records = await receiveRecords(lake.sqs, lake.queueUrl);
    const { deps, observed } = registrationDependencies(lake);

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[0]!.messageId }]);
    expect(observed.metric('PermanentFailures')).toBe(1);
    expect(JSON.stringify(observed.logs)).toContain('ForeignBucketError');
    expect(await registeredPartitions()).toEqual([]);
  });

  it.each([
    'access_events/year=2026/month=02/day=31/hour=00/p.parquet',
    'access_events/year=2026/month=04/day=31/hour=00/p.parquet',
    'access_events/year=2026/month=02/day=29/hour=00/p.parquet',
    'access_events/year=2026/month=13/day=01/hour=00/p.parquet',
    'access_events/year=2026/month=03/day=08/hour=24/p.parquet',
  ])('fails %p for good instead of registering an impossible date', async (key) => {
    await putObjects(lake, 'raw', [key]);
    const records = await receiveRecords(lake.sqs, lake.queueUrl);
    const { deps, observed } = registrationDependencies(lake);

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: records[0]!.messageId }]);
    expect(observed.metric('PermanentFailures')).toBe(1);
    expect(JSON.stringify(observed.logs)).toContain('InvalidPartitionValueError');
    expect(await registeredPartitions()).toEqual([]);
  });
});

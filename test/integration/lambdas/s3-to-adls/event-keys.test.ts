/**
 * The keys of S3 events, whichever way the event carries them: form-encoded as localcloud (and
 * AWS, for the classic format) sends them, or raw as other emulators do. No reading may lose an
 * object, and nothing is read from a bucket that is not this deployment's.
 */
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { bucketName } from '../../../../infra/platform';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import { objectCreatedEvent, withSentKey } from '../../../fixtures/events/s3-events';
import {
  LAMBDA_CONTEXT,
  md5Hex,
  PLATFORM,
  readMirror,
  receiveRecords,
  useLake,
  sqsEvent,
  transferDependencies,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const FOLDER = 'customers/year=2026/month=03/day=08/';
/** Keys that read differently form-decoded and raw, and keys that do not. */
const ODD_KEYS = [
  `${FOLDER}a+b=c&d.json`,
  `${FOLDER}100%25 done %.json`,
  `${FOLDER}with space.json`,
  `${FOLDER}ünï/日本/😀.json`,
];

/** The event as S3 documents it (localcloud's form encoding), or with the key raw. */
const ENCODINGS: readonly [string, (record: SQSRecord, key: string) => SQSRecord][] = [
  ['form-encoded', (record) => record],
  ['raw', (record, key) => withSentKey(record, key)],
];

async function put(key: string, body = key): Promise<void> {
  await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: key, Body: body }));
}

describe.each(ENCODINGS)('event keys sent %s', (_encoding, encode) => {
  it('mirrors every odd key to its own path and skips a folder marker, failing nothing', async () => {
    const keys = [...ODD_KEYS, FOLDER];
    for (const key of keys) await put(key, key.endsWith('/') ? '' : key);
    const records = await recordsInOrder(keys, encode);
    const { deps, observed } = transferDependencies(cloud(), lake());

    const result = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([]);
    for (const key of ODD_KEYS)
      expect([key, (await readMirror(cloud(), 'raw', key))?.md5]).toEqual([
        key,
        md5Hex(Buffer.from(key)),
      ]);
    // Only the directory its files imply: the marker itself is not copied.
    expect((await readMirror(cloud(), 'raw', FOLDER))?.metadata).toEqual({ hdi_isfolder: 'true' });
    expect(observed.sum('Skipped')).toBe(1);
  });

  it('mirrors the object the event is about when both readings name an object', async () => {
    const plus = `${FOLDER}a+b.json`;
    const space = `${FOLDER}a b.json`;
    await put(space, 'the object with a space');
    await put(plus, 'the object with a plus');
    const records = await recordsInOrder([space, plus], encode);
    const { deps } = transferDependencies(cloud(), lake());

    const result = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([]);
    expect((await readMirror(cloud(), 'raw', plus))?.md5).toBe(
      md5Hex(Buffer.from('the object with a plus')),
    );
    expect((await readMirror(cloud(), 'raw', space))?.md5).toBe(
      md5Hex(Buffer.from('the object with a space')),
    );
  });

  it('mirrors a delete on the object deleted, never on the other reading S3 still holds', async () => {
    const plus = `${FOLDER}a+b.json`;
    const space = `${FOLDER}a b.json`;
    await put(space, 'kept');
    await put(plus, 'deleted');
    const { deps } = transferDependencies(cloud(), lake(), { env: { MIRROR_DELETES: 'true' } });
    const handle = createBatchHandler(deps);
    expect(
      (await handle(sqsEvent(await recordsInOrder([space, plus], encode)), LAMBDA_CONTEXT))
        .batchItemFailures,
    ).toEqual([]);
    await lake().s3.send(new DeleteObjectCommand({ Bucket: lake().raw, Key: plus }));

    const result = await handle(sqsEvent(await recordsInOrder([plus], encode)), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', plus)).toBeUndefined();
    expect((await readMirror(cloud(), 'raw', space))?.md5).toBe(md5Hex(Buffer.from('kept')));
  });

  it('mirrors a delete whose other reading could never be an ADLS path', async () => {
    // Decoded, `a%2E` is `a.`, which HNS refuses: that reading must not stop the delete.
    const key = `${FOLDER}a%2E`;
    await put(key, 'deleted');
    const { deps, observed } = transferDependencies(cloud(), lake(), {
      env: { MIRROR_DELETES: 'true' },
    });
    const handle = createBatchHandler(deps);
    expect(
      (await handle(sqsEvent(await recordsInOrder([key], encode)), LAMBDA_CONTEXT))
        .batchItemFailures,
    ).toEqual([]);
    expect(await readMirror(cloud(), 'raw', key)).toBeDefined();
    await lake().s3.send(new DeleteObjectCommand({ Bucket: lake().raw, Key: key }));

    const result = await handle(sqsEvent(await recordsInOrder([key], encode)), LAMBDA_CONTEXT);

    expect(result.batchItemFailures).toEqual([]);
    expect(observed.sum('PermanentFailures')).toBe(0);
    expect(await readMirror(cloud(), 'raw', key)).toBeUndefined();
  });
});

/** The queue's records in the order the keys were put, each re-sent the given way. */
async function recordsInOrder(
  keys: readonly string[],
  encode: (record: SQSRecord, key: string) => SQSRecord,
): Promise<SQSRecord[]> {
  const records = await receiveRecords(lake());
  expect(records).toHaveLength(keys.length);
  const bySequencer = [...records].sort((a, b) => sequencerOf(a).localeCompare(sequencerOf(b)));
  return bySequencer.map((record, index) => encode(record, keys[index]!));
}

function sequencerOf(record: SQSRecord): string {
  return (JSON.parse(record.body) as { detail: { object: { sequencer: string } } }).detail.object
    .sequencer;
}

describe('events the transfer refuses before reading anything', () => {
  async function handleForged(body: unknown) {
    await lake().sqs.send(
      new SendMessageCommand({ QueueUrl: lake().queueUrl, MessageBody: JSON.stringify(body) }),
    );
    const records = await receiveRecords(lake());
    const { deps, observed } = transferDependencies(cloud(), lake());
    cloud().requests.clear();
    const result = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);
    return { result, observed, records };
  }

  it.each([
    ['of another account', bucketName(PLATFORM, 'raw', '210987654321', 'us-east-1')],
    ['of another region', bucketName(PLATFORM, 'raw', '000000000000', 'eu-west-1')],
    ['that is no lake bucket', 'someone-elses-bucket'],
  ])('fails an event from a bucket %s, loudly and for good', async (_case, bucket) => {
    const { result, observed, records } = await handleForged(
      objectCreatedEvent({ bucket, key: `${FOLDER}customers.json`, sequencer: '0064' }),
    );

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: records[0]!.messageId }]);
    expect(observed.sum('PermanentFailures')).toBe(1);
    expect(JSON.stringify(observed.logs.filter((log) => log.level === 'error'))).toContain(
      'ForeignBucketError',
    );
    expect(cloud().requests.byOperation()['s3:HeadObject']).toBeUndefined();
  });

  it('fails an event with a non-hexadecimal sequencer as invalid, not as a transient error', async () => {
    const { result, observed } = await handleForged(
      objectCreatedEvent({
        bucket: lake().raw,
        key: `${FOLDER}customers.json`,
        sequencer: 'not-a-sequencer',
      }),
    );

    expect(result.batchItemFailures).toHaveLength(1);
    expect(observed.sum('PermanentFailures')).toBe(1);
    expect(JSON.stringify(observed.logs.filter((log) => log.level === 'error'))).toContain(
      'InvalidEventError',
    );
  });
});

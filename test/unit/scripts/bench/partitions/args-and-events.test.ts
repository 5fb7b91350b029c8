import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { loadPlatform } from '../../../../../infra/platform';
import { parseS3ObjectNotice } from '../../../../../lambdas/register-partitions/event';
import { partitionsOfReadings } from '../../../../../lambdas/register-partitions/partition-path';
import {
  BenchArgumentError,
  DEFAULT_OPTIONS,
  parseBenchArgs,
} from '../../../../../scripts/bench/partitions/args';
import {
  benchObjects,
  objectCreatedEvent,
  sqsBatches,
} from '../../../../../scripts/bench/partitions/events';

const BUCKET = 'hybrid-lake-dev-raw-000000000000-us-east-1';
const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:hybrid-lake-dev-partition-registration';

describe('parseBenchArgs', () => {
  it('defaults to 10,000 objects over 48 hours in batches of 1000, as text', () => {
    expect(parseBenchArgs([])).toEqual({
      objects: 10_000,
      hours: 48,
      batchSize: 1000,
      json: false,
    });
    expect(DEFAULT_OPTIONS).toEqual(parseBenchArgs([]));
  });

  it('reads every option', () => {
    expect(
      parseBenchArgs(['--objects', '500', '--hours', '6', '--batch-size', '100', '--json']),
    ).toEqual({ objects: 500, hours: 6, batchSize: 100, json: true });
  });

  it.each([
    [['--objects', '0']],
    [['--hours', 'many']],
    [['--batch-size', '10001']],
    [['--unknown']],
  ])('refuses %j with a clear message', (argv) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchArgumentError);
  });
});

describe('benchmark events', () => {
  const objects = benchObjects({
    count: 1000,
    hours: 48,
    datasets: ['access_events', 'interactions'],
    bucket: BUCKET,
    start: new Date('2026-03-08T00:00:00Z'),
  });

  it('spreads the objects evenly over the hours and tables, in time order', () => {
    const partitions = new Set(objects.map((object) => object.key.replace(/\/[^/]+$/, '')));
    const times = objects.map((object) => object.time.getTime());

    expect(partitions.size).toBe(96);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(objects[0]!.key).toBe(
      'access_events/year=2026/month=03/day=08/hour=00/part-00000-c000.snappy.parquet',
    );
    expect(objects.at(-1)!.key).toMatch(/^interactions\/year=2026\/month=03\/day=09\/hour=23\//);
  });

  it('are real S3 EventBridge events in real SQS records, and the function places them', () => {
    const events = objects.map((object, index) =>
      objectCreatedEvent(object, index, '000000000000', 'us-east-1'),
    );
    const batches = sqsBatches(events, 300, QUEUE);
    const platform = loadPlatform('dev');

    expect(batches.map((batch) => batch.length)).toEqual([300, 300, 300, 100]);
    expect(S3EventNotificationEventBridgeSchema.safeParse(events[7]).success).toBe(true);
    expect(SqsRecordSchema.safeParse(batches[1]![5]).success).toBe(true);
    const notice = parseS3ObjectNotice(batches[2]![0]!.body);
    const lake = { account: '000000000000', region: 'us-east-1' };
    expect(partitionsOfReadings(platform, lake, notice.bucket, notice.keys)).toMatchObject({
      action: 'register',
    });
    expect(new Set(batches.flat().map((record) => record.messageId)).size).toBe(1000);
  });
});

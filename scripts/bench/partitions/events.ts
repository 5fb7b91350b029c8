/**
 * The benchmark's input: S3 "Object Created" events in the EventBridge shape S3 emits, wrapped in
 * SQS records the way the event source hands them to the function. They are generated rather
 * than produced by uploading 10,000 objects: the function reads only the event, and generating
 * keeps the measurement about the catalog. Objects arrive in time order, alternating tables.
 */
import type { SQSRecord } from 'aws-lambda';

export interface BenchObject {
  readonly bucket: string;
  readonly dataset: string;
  readonly key: string;
  /** Event time. */
  readonly time: Date;
}

const pad = (value: number) => String(value).padStart(2, '0');

/**
 * `count` objects over `hours` consecutive hourly partitions starting at `start`, alternating
 * between `datasets`, in time order.
 */
export function benchObjects(options: {
  readonly count: number;
  readonly hours: number;
  readonly datasets: readonly string[];
  readonly bucket: string;
  readonly start: Date;
}): BenchObject[] {
  const { count, hours, datasets, bucket, start } = options;
  return Array.from({ length: count }, (_, index) => {
    const hour = Math.floor((index * hours) / count);
    const dataset = datasets[index % datasets.length]!;
    const time = new Date(start.getTime() + hour * 3_600_000 + (index % 3_600) * 1000);
    const folder =
      `year=${time.getUTCFullYear()}/month=${pad(time.getUTCMonth() + 1)}` +
      `/day=${pad(time.getUTCDate())}/hour=${pad(time.getUTCHours())}`;
    return {
      bucket,
      dataset,
      key: `${dataset}/${folder}/part-${String(index).padStart(5, '0')}-c000.snappy.parquet`,
      time,
    };
  });
}

/** Form-URL-encoding, as S3 writes keys into notifications (space → '+'). */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

/** The EventBridge event S3 sends for the object. */
export function objectCreatedEvent(
  object: BenchObject,
  index: number,
  account: string,
  region: string,
): Record<string, unknown> {
  const hex = index.toString(16).padStart(12, '0');
  return {
    version: '0',
    id: `5c1e6e3a-0000-4000-8000-${hex}`,
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account,
    time: object.time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:s3:::${object.bucket}`],
    detail: {
      version: '0',
      bucket: { name: object.bucket },
      object: {
        key: encodeEventKey(object.key),
        size: 1_048_576 + index,
        etag: hex.padStart(32, '0'),
        sequencer: `00${hex.toUpperCase()}00000000`,
      },
      'request-id': `REQ${hex.toUpperCase()}`,
      requester: account,
      'source-ip-address': '10.0.0.1',
      reason: 'PutObject',
    },
  };
}

/** SQS records carrying the events, in batches of at most `batchSize`, in arrival order. */
export function sqsBatches(
  events: readonly Record<string, unknown>[],
  batchSize: number,
  queueArn: string,
): SQSRecord[][] {
  const [, , , region = '', account = ''] = queueArn.split(':');
  const records = events.map((event, index): SQSRecord => ({
    messageId: `00000000-0000-4000-8000-${index.toString(16).padStart(12, '0')}`,
    receiptHandle: `AQEB${index}`,
    body: JSON.stringify(event),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.parse(String(event.time))),
      SenderId: account,
      ApproximateFirstReceiveTimestamp: String(Date.parse(String(event.time)) + 20),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  }));
  const batches: SQSRecord[][] = [];
  for (let start = 0; start < records.length; start += batchSize)
    batches.push(records.slice(start, start + batchSize));
  return batches;
}

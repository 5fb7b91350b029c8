/** Dependencies of the registration core for unit tests: the fake catalog, no real waiting. */
import type { SQSRecord } from 'aws-lambda';
import { loadPlatform } from '../../../../infra/platform';
import type { RetryPolicy } from '../../../../lambdas/shared/backoff';
import type { BatchDependencies } from '../../../../lambdas/register-partitions/batch';
import { KnownPartitions } from '../../../../lambdas/register-partitions/known-partitions';
import { TableDefinitions } from '../../../../lambdas/register-partitions/table-definitions';
import { objectCreatedEvent, sqsRecord } from '../../../fixtures/events/s3-events';
import { recordingMetrics, type RecordedMetric } from '../../../fixtures/recording-observability';
import { FakeCatalog } from './fake-catalog';

export const PLATFORM = loadPlatform('dev');
/** The fixture events' raw bucket, `bucketName(dev, raw, 123456789012, eu-west-1)`. */
export const RAW_BUCKET = 'hybrid-lake-dev-raw-123456789012-eu-west-1';
export const RAW_DATABASE = 'hybrid_lake_dev_raw';
/** The deployment the fixture events' buckets belong to. */
export const LAKE = { account: '123456789012', region: 'eu-west-1' } as const;

/** A key of `dataset` on 2026-03-08, in hour `hour`'s partition if the dataset has hours. */
export function lakeKey(dataset: string, hour: number, file = 'part-0001.parquet'): string {
  const hh = String(hour).padStart(2, '0');
  // A dataset partitioned by day only has all its hours in the day's partition.
  const hourly = PLATFORM.datasets
    .find((candidate) => candidate.name === dataset)
    ?.partitionKeys.some((key) => key.name === 'hour');
  return `${dataset}/year=2026/month=03/day=08/${hourly === false ? '' : `hour=${hh}/`}${file}`;
}

/** An SQS record carrying an "Object Created" event for `key` in `bucket`. */
export function createdRecord(key: string, messageId: string, bucket = RAW_BUCKET): SQSRecord {
  return sqsRecord(objectCreatedEvent({ bucket, key }), messageId);
}

export interface Observed {
  readonly logs: { level: string; message: string; extra: unknown }[];
  readonly metrics: RecordedMetric[];
  readonly sleeps: number[];
  metric(name: string, dimension?: string): number;
}

export function registrationDependencies(
  catalog: FakeCatalog = FakeCatalog.forPlatform(PLATFORM, RAW_BUCKET),
  retry: Partial<RetryPolicy> = {},
): { deps: BatchDependencies; catalog: FakeCatalog; observed: Observed } {
  const logs: Observed['logs'] = [];
  const recording = recordingMetrics();
  const sleeps: number[] = [];
  const log =
    (level: string) =>
    (message: unknown, ...extra: unknown[]): void => {
      logs.push({ level, message: String(message), extra: extra[0] });
    };
  const deps: BatchDependencies = {
    platform: PLATFORM,
    lake: LAKE,
    catalog,
    knownPartitions: new KnownPartitions(),
    tableDefinitions: new TableDefinitions(),
    retry: {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 1000,
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
      random: () => 0.5,
      ...retry,
    },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    metrics: recording.metrics,
  };
  return {
    deps,
    catalog,
    observed: {
      logs,
      metrics: recording.recorded,
      sleeps,
      metric: recording.sum,
    },
  };
}

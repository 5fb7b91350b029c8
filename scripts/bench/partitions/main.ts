/**
 * `npm run bench:partitions [-- --json] [--objects 10000 --hours 48 --batch-size 1000]`: the
 * partition-registration function (lambdas/register-partitions) against a naive per-object
 * baseline, on an in-process localcloud, with the same objects in the same run. Counts the Glue
 * requests localcloud answered, the partitions in the catalog afterwards, the function's cache
 * hit ratio and the wall time of each. Exits 0 when the target is missed (printed as MISSED);
 * 1 only when the benchmark itself could not run or an approach registered the wrong partitions.
 */
import '../../shared/aws-sdk-node-notice';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GlueClient } from '@aws-sdk/client-glue';
import type { SQSRecord } from 'aws-lambda';
import {
  bucketName,
  catalogTableFor,
  loadPlatform,
  type CatalogTable,
  type Platform,
} from '../../../infra/platform';
import { DEFAULT_RETRY_POLICY } from '../../../lambdas/register-partitions/backoff';
import { createBatchHandler } from '../../../lambdas/register-partitions/batch';
import { glueCatalogApi } from '../../../lambdas/register-partitions/catalog-api';
import { KnownPartitions } from '../../../lambdas/register-partitions/known-partitions';
import { TableDefinitions } from '../../../lambdas/register-partitions/table-definitions';
import { createLocalCatalog } from '../../local-platform/catalog';
import { countCatalogPartitions } from '../../shared/catalog-partitions';
import { startLocalCloud, type LocalCloud } from '@hybrid-lake/localcloud';
import { BenchArgumentError, parseBenchArgs, type BenchOptions } from './args';
import { benchObjects, objectCreatedEvent, sqsBatches } from './events';
import { benchFigures, formatText, type RunCounts } from './figures';
import { registerNaively } from './naive-registration';
import { benchMachine } from '../machine';

const PLATFORM_ENV = 'dev';
/** Two streaming datasets registered by events, hourly partitioned. */
const DATASETS = ['access_events', 'interactions'] as const;
const START = new Date('2026-03-08T00:00:00Z');
const silent = () => undefined;

/** A fresh catalog: every zone database and table, no partitions, request counts at zero. */
async function freshCatalog(cloud: LocalCloud, platform: Platform): Promise<GlueClient> {
  cloud.reset();
  // One attempt per call, like the function's own client; the baseline uses the same.
  const glue = new GlueClient({ ...cloud.clientConfig, maxAttempts: 1 });
  await createLocalCatalog(glue, platform, (zone) =>
    bucketName(platform, zone, cloud.accountId, cloud.region),
  );
  cloud.requests.clear();
  return glue;
}

function glueCalls(cloud: LocalCloud): Record<string, number> {
  return Object.fromEntries(
    Object.entries(cloud.requests.byOperation())
      .filter(([key]) => key.startsWith('glue:'))
      .map(([key, count]) => [key.slice('glue:'.length), count]),
  );
}

async function countPartitions(glue: GlueClient, tables: readonly CatalogTable[]): Promise<number> {
  let count = 0;
  for (const table of tables) count += await countCatalogPartitions(glue, table);
  return count;
}

/** The function as one warm container sees the batches: one handler, its caches kept. */
async function measureFunction(
  cloud: LocalCloud,
  platform: Platform,
  batches: readonly SQSRecord[][],
  objects: number,
): Promise<{ counts: Omit<RunCounts, 'partitionsRegistered'>; glue: GlueClient }> {
  const glue = await freshCatalog(cloud, platform);
  const metrics: { name: string; value: number; dimension?: string }[] = [];
  const handler = createBatchHandler({
    platform,
    lake: { account: cloud.accountId, region: cloud.region },
    catalog: glueCatalogApi(glue),
    knownPartitions: new KnownPartitions(),
    tableDefinitions: new TableDefinitions(),
    retry: DEFAULT_RETRY_POLICY,
    logger: { debug: silent, info: silent, warn: silent, error: silent },
    metrics: {
      addMetric: (name, _unit, value) => metrics.push({ name, value }),
      singleMetric: () => {
        let dimension: string | undefined;
        return {
          addDimension: (_name, value) => {
            dimension = value;
          },
          addMetric: (name, _unit, value) => metrics.push({ name, value, dimension }),
        };
      },
    },
  });
  const context = { functionName: 'register-partitions' } as Parameters<typeof handler>[1];
  const started = performance.now();
  for (const batch of batches) {
    const { batchItemFailures } = await handler({ Records: batch }, context);
    if (batchItemFailures.length > 0)
      throw new Error(`The function failed ${batchItemFailures.length} records`);
  }
  const wallMs = performance.now() - started;
  const sum = (name: string, dimension?: string) =>
    metrics
      .filter((m) => m.name === name && (dimension === undefined || m.dimension === dimension))
      .reduce((total, m) => total + m.value, 0);
  const hits = sum('PartitionsAlreadyKnown', 'cache');
  const lookups = hits + sum('PartitionsAlreadyKnown', 'catalog') + sum('PartitionsRegistered');
  return {
    counts: {
      name: 'function',
      glueCalls: glueCalls(cloud),
      objects,
      wallMs,
      cache: { hits, lookups },
    },
    glue,
  };
}

async function measureBaseline(
  cloud: LocalCloud,
  platform: Platform,
  records: readonly SQSRecord[],
): Promise<{ counts: Omit<RunCounts, 'partitionsRegistered'>; glue: GlueClient }> {
  const glue = await freshCatalog(cloud, platform);
  const started = performance.now();
  await registerNaively(
    glue,
    platform,
    { account: cloud.accountId, region: cloud.region },
    records,
  );
  const wallMs = performance.now() - started;
  return {
    counts: { name: 'baseline', glueCalls: glueCalls(cloud), objects: records.length, wallMs },
    glue,
  };
}

async function run(options: BenchOptions): Promise<void> {
  const platform = loadPlatform(PLATFORM_ENV);
  const cloud = await startLocalCloud({ port: 0 });
  try {
    const bucket = bucketName(platform, 'raw', cloud.accountId, cloud.region);
    const tables = DATASETS.map((dataset) => catalogTableFor(platform, 'raw', dataset)!);
    const objects = benchObjects({
      count: options.objects,
      hours: options.hours,
      datasets: DATASETS,
      bucket,
      start: START,
    });
    const events = objects.map((object, index) =>
      objectCreatedEvent(object, index, cloud.accountId, cloud.region),
    );
    const queueArn = `arn:aws:sqs:${cloud.region}:${cloud.accountId}:hybrid-lake-dev-partition-registration`;
    const batches = sqsBatches(events, options.batchSize, queueArn);
    // Each object's folder is its partition: both approaches must end with exactly these.
    const expectedPartitions = new Set(objects.map((object) => dirname(object.key))).size;

    if (!options.json)
      console.error(`function: ${events.length} objects in ${batches.length} batches…`);
    const fn = await measureFunction(cloud, platform, batches, events.length);
    const fnPartitions = await countPartitions(fn.glue, tables);
    if (!options.json) console.error('baseline: one object at a time…');
    const baseline = await measureBaseline(cloud, platform, batches.flat());
    const baselinePartitions = await countPartitions(baseline.glue, tables);
    for (const [name, count] of [
      ['function', fnPartitions],
      ['baseline', baselinePartitions],
    ] as const)
      if (count !== expectedPartitions)
        throw new Error(`${name} registered ${count} partitions, expected ${expectedPartitions}`);

    const figures = benchFigures(
      { ...fn.counts, partitionsRegistered: fnPartitions },
      { ...baseline.counts, partitionsRegistered: baselinePartitions },
    );
    const setting =
      `${events.length} objects over ${options.hours} hourly partitions of ${DATASETS.length} tables ` +
      `(raw ${DATASETS.join(', ')}), batches of ${options.batchSize} records, one warm container`;
    if (options.json)
      console.log(
        JSON.stringify({
          date: new Date().toISOString().slice(0, 10),
          machine: benchMachine(),
          settings: { ...options, batches: batches.length, tables: DATASETS },
          ...figures,
        }),
      );
    else console.log(formatText(figures, setting));
  } finally {
    await cloud.stop();
  }
}

run(parseBenchArgs(process.argv.slice(2))).catch((error: unknown) => {
  // A bad option needs its message, not a stack trace.
  console.error(error instanceof BenchArgumentError ? error.message : error);
  process.exit(1);
});

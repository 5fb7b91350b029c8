/**
 * The deployed registration path, locally: the lake (scripts/local-platform/lake.ts), the catalog
 * and the registration rule and queue (scripts/local-platform/catalog.ts), and the function's
 * dependencies pointed at localcloud with real SDK clients.
 */
import { GetPartitionCommand, GlueClient, type Partition } from '@aws-sdk/client-glue';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSRecord } from 'aws-lambda';
import { receiveRecords as receiveQueueRecords, sqsEvent } from '../../../fixtures/sqs-records';
import { loadPlatform, type ZoneName } from '../../../../infra/platform';
import type { BatchDependencies } from '../../../../lambdas/register-partitions/batch';
import { glueCatalogApi } from '../../../../lambdas/register-partitions/catalog-api';
import { KnownPartitions } from '../../../../lambdas/register-partitions/known-partitions';
import type { LogPort } from '../../../../lambdas/shared/ports';
import { recordingMetrics } from '../../../fixtures/recording-observability';
import { TableDefinitions } from '../../../../lambdas/register-partitions/table-definitions';
import type { LakeIdentity } from '../../../../lambdas/shared/lake-buckets';
import {
  createLocalCatalog,
  deployLocalRegistrationRoute,
} from '../../../../scripts/local-platform/catalog';
import { deployLocalLake } from '../../../../scripts/local-platform/lake';
import type { LocalCloud } from '@hybrid-lake/localcloud';

export const PLATFORM = loadPlatform('dev');

export interface RegistrationLake {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly glue: GlueClient;
  readonly buckets: Readonly<Record<ZoneName, string>>;
  /** The registration queue (the function's event source). */
  readonly queueUrl: string;
  /** The transfer queue, which also receives objects the registration rule leaves out. */
  readonly transferQueueUrl: string;
  /** The account and region the buckets are named after: localcloud's. */
  readonly identity: LakeIdentity;
}

export async function setUpRegistration(cloud: LocalCloud): Promise<RegistrationLake> {
  const lake = await deployLocalLake(cloud, { platform: PLATFORM });
  // One attempt per call, as the handler's client: the function's own backoff is under test.
  const glue = new GlueClient({ ...cloud.clientConfig, maxAttempts: 1 });
  await createLocalCatalog(glue, PLATFORM, (zone) => lake.buckets[zone]);
  const route = await deployLocalRegistrationRoute(cloud, PLATFORM);
  return {
    s3: lake.s3,
    sqs: lake.sqs,
    glue,
    buckets: lake.buckets,
    queueUrl: route.queueUrl,
    transferQueueUrl: lake.queueUrl,
    identity: { account: cloud.accountId, region: cloud.region },
  };
}

export async function putObjects(
  lake: RegistrationLake,
  zone: ZoneName,
  keys: readonly string[],
): Promise<void> {
  for (const key of keys)
    await lake.s3.send(new PutObjectCommand({ Bucket: lake.buckets[zone], Key: key, Body: key }));
}

/** Every message in a queue, as the SQS records Lambda would be invoked with. */
export function receiveRecords(sqs: SQSClient, queueUrl: string): Promise<SQSRecord[]> {
  return receiveQueueRecords(
    sqs,
    queueUrl,
    'arn:aws:sqs:us-east-1:000000000000:partition-registration',
  );
}

export { sqsEvent };

export const LAMBDA_CONTEXT = {
  functionName: 'register-partitions',
  awsRequestId: '0b5d3d0e-8c5e-4c1a-9f37-1f6f0a1e2b3c',
} as Context;

export interface Observed {
  readonly logs: { level: string; message: string; extra: unknown }[];
  metric(name: string, dimension?: string): number;
}

/** The dependencies the handler builds at module scope, pointed at localcloud. */
export function registrationDependencies(
  lake: RegistrationLake,
  overrides: Partial<BatchDependencies> = {},
): { deps: BatchDependencies; observed: Observed } {
  const logs: Observed['logs'] = [];
  const recording = recordingMetrics();
  const log =
    (level: string) =>
    (message: unknown, ...extra: unknown[]): void => {
      logs.push({ level, message: String(message), extra: extra[0] });
    };
  const logger: LogPort = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  const deps: BatchDependencies = {
    platform: PLATFORM,
    lake: lake.identity,
    catalog: glueCatalogApi(lake.glue),
    knownPartitions: new KnownPartitions(),
    tableDefinitions: new TableDefinitions(),
    // Real backoff, on a millisecond scale so the tests stay quick.
    retry: {
      maxAttempts: 4,
      baseDelayMs: 5,
      maxDelayMs: 20,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
    },
    logger,
    metrics: recording.metrics,
    ...overrides,
  };
  return {
    deps,
    observed: {
      logs,
      metric: recording.sum,
    },
  };
}

/** The partition as the catalog holds it, or undefined. */
export async function catalogPartition(
  glue: GlueClient,
  database: string,
  table: string,
  values: string[],
): Promise<Partition | undefined> {
  try {
    const { Partition } = await glue.send(
      new GetPartitionCommand({
        DatabaseName: database,
        TableName: table,
        PartitionValues: values,
      }),
    );
    return Partition;
  } catch (error) {
    if ((error as Error).name === 'EntityNotFoundException') return undefined;
    throw error;
  }
}

/** Glue requests localcloud answered since the last `cloud.requests.clear()`, by operation. */
export function glueRequests(cloud: LocalCloud): Record<string, number> {
  return Object.fromEntries(
    Object.entries(cloud.requests.byOperation())
      .filter(([key]) => key.startsWith('glue:'))
      .map(([key, count]) => [key.slice('glue:'.length), count]),
  );
}

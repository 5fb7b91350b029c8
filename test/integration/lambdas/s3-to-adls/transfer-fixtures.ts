/**
 * The deployed transfer path, locally (scripts/local-platform/lake.ts), plus the helpers the
 * transfer tests share: records from the queue, the function's dependencies, the mirror's state.
 */
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { DataLakeServiceClient, StorageSharedKeyCredential } from '@azure/storage-file-datalake';
import type { Context, SQSRecord } from 'aws-lambda';
import { receiveRecords as receiveQueueRecords, sqsEvent } from '../../../fixtures/sqs-records';
import { loadPlatform } from '../../../../infra/platform';
import type { AzureClients } from '../../../../lambdas/s3-to-adls/adls-target';
import {
  createAzureClients,
  type AzureClientOptions,
} from '../../../../lambdas/s3-to-adls/azure-clients';
import type { BatchDependencies } from '../../../../lambdas/s3-to-adls/batch';
import { loadTransferConfig, type TransferConfig } from '../../../../lambdas/s3-to-adls/config';
import type { LogPort, MetricsPort } from '../../../../lambdas/shared/ports';
import { noTracing } from '../../../../lambdas/s3-to-adls/tracing';
import { deployLocalLake } from '../../../../scripts/local-platform/lake';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  recordingLogger,
  recordingMetrics,
  type RecordedLog,
  type RecordedMetric,
} from '../../../fixtures/recording-observability';

export const PLATFORM = loadPlatform('dev');
export const MIB = 1024 * 1024;

export interface Lake {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly sharedKeySecretArn: string;
  readonly raw: string;
  readonly curated: string;
}

/**
 * localcloud for the test file and a fresh lake before each of its tests; `lake()` is the
 * current test's.
 */
export function useLake(): { cloud: () => LocalCloud; lake: () => Lake } {
  const cloud = useLocalCloud();
  let current: Lake | undefined;
  beforeEach(async () => {
    current = await setUpLake(cloud());
  });
  return {
    cloud,
    lake: () => {
      if (current === undefined) throw new Error('the lake is set up before each test');
      return current;
    },
  };
}

/**
 * The lake with its mirror rules. Deletes are delivered by default even though the deployed rule
 * routes them only with mirrorDeletes: the tests also check that the function ignores them when
 * mirroring deletes is off. `{ deliverDeletes: false }` deploys the rules as the stack does by default.
 */
export async function setUpLake(
  cloud: LocalCloud,
  { deliverDeletes = true }: { deliverDeletes?: boolean } = {},
): Promise<Lake> {
  const lake = await deployLocalLake(cloud, { platform: PLATFORM, deliverDeletes });
  return {
    s3: lake.s3,
    sqs: lake.sqs,
    queueUrl: lake.queueUrl,
    sharedKeySecretArn: lake.sharedKeySecretArn,
    raw: lake.buckets.raw,
    curated: lake.buckets.curated,
  };
}

/** A test-side DataLake client with the account key, to look at what the transfer wrote. */
export function adminDataLake(cloud: LocalCloud): DataLakeServiceClient {
  return new DataLakeServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
  );
}

/** Every message in the transfer queue, as the SQS records Lambda would be invoked with. */
export function receiveRecords(lake: Lake): Promise<SQSRecord[]> {
  return receiveQueueRecords(
    lake.sqs,
    lake.queueUrl,
    'arn:aws:sqs:us-east-1:000000000000:transfer',
  );
}

export { sqsEvent };

export const LAMBDA_CONTEXT = {
  functionName: 's3-to-adls',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
} as Context;

/** Metrics and logs the transfer wrote, for assertions. */
export interface Observed {
  readonly metrics: RecordedMetric[];
  readonly logs: RecordedLog[];
  sum(name: string): number;
}

function observe(): { observed: Observed; logger: LogPort; metrics: MetricsPort } {
  const { logger, logs } = recordingLogger();
  const { metrics, recorded, sum } = recordingMetrics();
  return { observed: { metrics: recorded, logs, sum: (name) => sum(name) }, logger, metrics };
}

export interface TransferSetup {
  readonly env?: Record<string, string>;
  readonly azureOptions?: AzureClientOptions;
  readonly overrides?: Partial<BatchDependencies>;
}

/**
 * The dependencies the handler builds at module scope, pointed at localcloud: configuration
 * from environment variables through `loadTransferConfig`, shared-key auth by default, and the
 * Azure SDK's retries shortened so fault tests fail within seconds.
 */
export function transferDependencies(
  cloud: LocalCloud,
  lake: Lake,
  setup: TransferSetup = {},
): { deps: BatchDependencies; observed: Observed; config: TransferConfig } {
  const config = loadTransferConfig({
    PLATFORM_ENV: 'dev',
    ADLS_ACCOUNT_URL: cloud.azure.endpoint,
    ADLS_AUTH_MODE: 'shared-key',
    ADLS_SHARED_KEY_SECRET_ARN: lake.sharedKeySecretArn,
    ...setup.env,
  });
  const { observed, logger, metrics } = observe();
  const azureOptions: AzureClientOptions = {
    ...setup.azureOptions,
    storageOptions: {
      retryOptions: { maxTries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
      ...setup.azureOptions?.storageOptions,
    },
  };
  let clients: Promise<AzureClients> | undefined;
  const deps: BatchDependencies = {
    platform: PLATFORM,
    lake: { account: cloud.accountId, region: cloud.region },
    config,
    s3: lake.s3,
    azure: () =>
      (clients ??= createAzureClients(
        config,
        {
          sts: new STSClient(cloud.clientConfig),
          secrets: new SecretsManagerClient(cloud.clientConfig),
        },
        azureOptions,
      )),
    logger,
    metrics,
    tracing: noTracing,
    now: () => new Date(),
    ...setup.overrides,
  };
  return { deps, observed, config };
}

/** Deterministic bytes: every 4-byte word is its own offset, mixed (no two MiB alike). */
export function patternBytes(offset: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index += 1) {
    const position = offset + index;
    bytes[index] = (position * 2654435761 + (position >>> 13)) & 0xff;
  }
  return bytes;
}

export function md5Hex(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** What the final path holds, or undefined when it does not exist. */
export async function readMirror(
  cloud: LocalCloud,
  fileSystem: string,
  path: string,
): Promise<
  { md5: string; size: number; metadata: Record<string, string>; contentType?: string } | undefined
> {
  const file = adminDataLake(cloud).getFileSystemClient(fileSystem).getFileClient(path);
  if (!(await file.exists())) return undefined;
  const properties = await file.getProperties();
  const hash = createHash('md5');
  const download = await file.read();
  for await (const chunk of download.readableStreamBody!) hash.update(chunk as Buffer);
  return {
    md5: hash.digest('hex'),
    size: properties.contentLength ?? 0,
    metadata: properties.metadata ?? {},
    ...(properties.contentType !== undefined && { contentType: properties.contentType }),
  };
}

/** Paths under the transfer's temporary prefix in a file system. */
export async function tempPaths(cloud: LocalCloud, fileSystem: string): Promise<string[]> {
  const names: string[] = [];
  const fs = adminDataLake(cloud).getFileSystemClient(fileSystem);
  if (!(await fs.getDirectoryClient('_transfer-tmp').exists())) return names;
  for await (const path of fs.listPaths({ path: '_transfer-tmp', recursive: true }))
    if (!path.isDirectory) names.push(path.name!);
  return names;
}

/** Makes a received message visible again and receives it: SQS's redelivery, receive count + 1. */
export async function redeliver(lake: Lake, record: SQSRecord): Promise<SQSRecord> {
  await lake.sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: lake.queueUrl,
      ReceiptHandle: record.receiptHandle,
      VisibilityTimeout: 0,
    }),
  );
  const again = (await receiveRecords(lake)).find((each) => each.messageId === record.messageId);
  if (!again) throw new Error(`message ${record.messageId} was not delivered again`);
  return again;
}

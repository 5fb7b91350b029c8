/**
 * `npm run bench:transfer [-- --sizes 16,256,1024 --runs 3 --json | --markdown]`: the S3 → ADLS transfer
 * (lambdas/s3-to-adls) in streaming and server-side mode against localcloud, next to a raw
 * baseline measured on the same servers in the same run: a presigned GET piped into one Put
 * Blob. Each copy runs in a child process, so its peak RSS excludes localcloud's own memory.
 * Reports throughput, the ratio to the baseline, peak RSS, requests per object and the bytes
 * that passed through the function, with the targets next to them. Exits 0 when targets are
 * missed (they are printed as MISSED); 1 only when the benchmark itself could not run.
 */
import '../../shared/aws-sdk-node-notice';
import { dirname } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { loadTransferConfig, type TransferConfig } from '../../../lambdas/s3-to-adls/config';
import { startLocalCloud, type LocalCloud } from '@hybrid-lake/localcloud';
import { BenchArgumentError, parseBenchArgs, type BenchOptions } from './args';
import { ACCOUNT_KEY_VARIABLE } from './child-protocol';
import { formatMarkdownTable, formatText, type BenchResult } from './format';
import {
  pathSize,
  PLATFORM_ENV,
  receiveEventBody,
  removeCopy,
  setUpLake,
  uploadObject,
  type BenchLake,
  type UploadedObject,
} from './lake';
import {
  combineRuns,
  measurementFrom,
  MIB,
  type ChildFigures,
  type CopyKind,
  type CopyMeasurement,
} from './measurements';
import { findRclone, rcloneCopy, type RclonePeer } from './rclone-peer';
import { runCopyChild } from './run-child';
import { evaluateTargets } from './targets';
import { TRANSFER_DEFAULTS } from '../../../infra/aws/facts/replication';
import { benchMachine } from '../machine';

const BASELINE_PATH = '_bench-baseline/object';
const RCLONE_PATH = '_bench-rclone/object';

/** One copy: the child's figures and the requests localcloud answered meanwhile. */
interface Run {
  readonly child: ChildFigures;
  readonly byOperation: Record<string, number>;
}

/** The copy settings the ReplicationStack deploys, unless the command line gives others. */
function copySettings(options: BenchOptions): Record<string, string> {
  return {
    ...(options.blockSizeMiB !== undefined && { BLOCK_SIZE_MIB: String(options.blockSizeMiB) }),
    ...(options.concurrency !== undefined && { COPY_CONCURRENCY: String(options.concurrency) }),
    STREAMING_BLOCK_SIZE_MIB: String(
      options.streamingBlockSizeMiB ?? TRANSFER_DEFAULTS.streamingBlockSizeMiB,
    ),
    STREAMING_CONCURRENCY: String(
      options.streamingConcurrency ?? TRANSFER_DEFAULTS.streamingConcurrency,
    ),
  };
}

/** The function's environment, as the ReplicationStack would set it (shared key: local only). */
function functionEnvironment(
  cloud: LocalCloud,
  lake: BenchLake,
  options: BenchOptions,
): Record<string, string> {
  return {
    AWS_ENDPOINT_URL: cloud.endpoint,
    AWS_REGION: cloud.region,
    LAKE_ACCOUNT_ID: cloud.accountId,
    AWS_ACCESS_KEY_ID: cloud.clientConfig.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: cloud.clientConfig.credentials.secretAccessKey,
    PLATFORM_ENV,
    ADLS_ACCOUNT_URL: cloud.azure.endpoint,
    ADLS_AUTH_MODE: 'shared-key',
    ADLS_SHARED_KEY_SECRET_ARN: lake.sharedKeySecretArn,
    ...copySettings(options),
  };
}

async function measureBaseline(
  cloud: LocalCloud,
  lake: BenchLake,
  object: UploadedObject,
): Promise<Run> {
  const sourceUrl = await getSignedUrl(
    lake.s3,
    new GetObjectCommand({ Bucket: lake.rawBucket, Key: object.key, VersionId: object.versionId }),
    { expiresIn: 3600 },
  );
  cloud.requests.clear();
  const report = await runCopyChild(
    {
      kind: 'baseline',
      sourceUrl,
      targetUrl: `${cloud.azure.endpoint}/${lake.fileSystem}/${BASELINE_PATH}`,
      accountName: cloud.azure.accountName,
      sizeBytes: object.sizeBytes,
    },
    { [ACCOUNT_KEY_VARIABLE]: cloud.azure.accountKey },
  );
  const byOperation = cloud.requests.byOperation();
  await assertCopied(lake, BASELINE_PATH, object, 'baseline');
  await removeCopy(lake, BASELINE_PATH);
  return { child: report, byOperation };
}

async function measureRclone(
  cloud: LocalCloud,
  lake: BenchLake,
  object: UploadedObject,
  peer: RclonePeer,
): Promise<Run> {
  cloud.requests.clear();
  const figures = await rcloneCopy(peer, cloud, {
    bucket: lake.rawBucket,
    key: object.key,
    fileSystem: lake.fileSystem,
    path: RCLONE_PATH,
  });
  const byOperation = cloud.requests.byOperation();
  await assertCopied(lake, RCLONE_PATH, object, 'rclone');
  await removeCopy(lake, RCLONE_PATH);
  return { child: figures, byOperation };
}

async function measureTransfer(
  cloud: LocalCloud,
  lake: BenchLake,
  object: UploadedObject,
  eventBody: string,
  env: Record<string, string>,
): Promise<Run> {
  cloud.requests.clear();
  const report = await runCopyChild({ kind: 'transfer', eventBody }, env);
  const byOperation = cloud.requests.byOperation();
  if (report.outcome !== 'copied')
    throw new Error(`The transfer did not copy ${object.key}: ${report.outcome}`);
  await assertCopied(lake, object.key, object, env.COPY_MODE ?? '');
  // The next mode must find the final path absent, or it would be a duplicate (a no-op).
  await removeCopy(lake, object.key);
  return { child: report, byOperation };
}

async function assertCopied(
  lake: BenchLake,
  path: string,
  object: UploadedObject,
  what: string,
): Promise<void> {
  const size = await pathSize(lake, path);
  if (size !== object.sizeBytes)
    throw new Error(`${what}: ${path} has ${size} bytes, expected ${object.sizeBytes}`);
}

async function measureSize(
  cloud: LocalCloud,
  sizeMiB: number,
  options: BenchOptions,
  settings: TransferConfig,
  peer: RclonePeer | undefined,
): Promise<CopyMeasurement[]> {
  const blockSizeBytes = settings.blockSizeMiB * MIB;
  const streamingBlockSizeBytes = settings.streamingBlockSizeMiB * MIB;
  // Forget the previous size's objects first: the emulator holds every byte in memory.
  cloud.reset();
  const lake = await setUpLake(cloud);
  const object = await uploadObject(lake, sizeMiB);
  const eventBody = await receiveEventBody(lake, object.key);
  const env = functionEnvironment(cloud, lake, options);
  // Steady state: the object's partition directory already exists in ADLS (only the first
  // object of a partition pays the rename's extra Create Path and retry).
  await lake.dataLake
    .getFileSystemClient(lake.fileSystem)
    .getDirectoryClient(dirname(object.key))
    .createIfNotExists();

  // Rounds interleave the copies, so a slow phase of the machine hits all of them.
  const runs: Record<CopyKind, Run[]> = {
    baseline: [],
    rclone: [],
    streaming: [],
    'server-side': [],
  };
  for (let round = 0; round < options.runs; round += 1) {
    runs.baseline.push(await measureBaseline(cloud, lake, object));
    if (peer !== undefined) runs.rclone.push(await measureRclone(cloud, lake, object, peer));
    for (const mode of ['streaming', 'server-side'] as const)
      runs[mode].push(
        await measureTransfer(cloud, lake, object, eventBody, { ...env, COPY_MODE: mode }),
      );
  }
  const reference = (kind: 'baseline' | 'rclone') =>
    measurementFrom({ sizeMiB, kind, ...combineRuns(runs[kind]), blockSizeBytes });
  const baseline = reference('baseline');
  const rclone = peer === undefined ? undefined : reference('rclone');
  const rows = rclone === undefined ? [baseline] : [baseline, rclone];
  for (const mode of ['streaming', 'server-side'] as const)
    rows.push(
      measurementFrom({
        sizeMiB,
        kind: mode,
        ...combineRuns(runs[mode]),
        blockSizeBytes: mode === 'streaming' ? streamingBlockSizeBytes : blockSizeBytes,
        baselineMiBPerSecond: baseline.mibPerSecond,
        ...(rclone !== undefined && { rclone }),
      }),
    );
  return rows;
}

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const cloud = await startLocalCloud({ port: 0 });
  try {
    // The function's own defaults, read the way it reads them.
    const settings = loadTransferConfig({
      PLATFORM_ENV,
      ADLS_ACCOUNT_URL: cloud.azure.endpoint,
      ADLS_AUTH_MODE: 'shared-key',
      ADLS_SHARED_KEY_SECRET_ARN: 'unused',
      ...copySettings(options),
    });
    const peer = await findRclone();
    const measurements: CopyMeasurement[] = [];
    for (const sizeMiB of options.sizesMiB) {
      if (!options.json) console.error(`copying ${sizeMiB} MiB…`);
      measurements.push(...(await measureSize(cloud, sizeMiB, options, settings, peer)));
    }
    const result: BenchResult = {
      date: new Date().toISOString().slice(0, 10),
      machine: benchMachine(),
      settings: {
        blockSizeMiB: settings.blockSizeMiB,
        concurrency: settings.concurrency,
        streamingBlockSizeMiB: settings.streamingBlockSizeMiB,
        streamingConcurrency: settings.streamingConcurrency,
      },
      measurements,
      targets: evaluateTargets(measurements),
      peer: peer === undefined ? { skipped: 'rclone is not on PATH' } : { rclone: peer.version },
    };
    if (options.json) console.log(JSON.stringify(result));
    else if (options.markdown) console.log(formatMarkdownTable(result));
    else console.log(formatText(result));
  } finally {
    await cloud.stop();
  }
}

main().catch((error: unknown) => {
  // A bad option needs its message, not a stack trace.
  console.error(error instanceof BenchArgumentError ? error.message : error);
  process.exit(1);
});

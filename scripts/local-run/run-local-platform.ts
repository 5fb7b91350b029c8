/**
 * The whole platform on localcloud, end to end: boot, deploy from the platform definition,
 * generate a day into the raw zone, let the real Lambda handlers react, run the ETL and the
 * warehouse, inject the two failures, then measure everything and reconcile the mirror.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { GlueClient } from '@aws-sdk/client-glue';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { loadPlatform } from '../../infra/platform';
import { WarehouseSession } from '../../lambdas/shared/warehouse/data-api';
import {
  generateDay,
  putRawObject,
  regeneratedDay,
  writeGeneratedDay,
  type GeneratedDay,
  type RawObject,
} from '../generate-data';
import { deployLocalPlatform, migrationsCreateEvent } from '../local-platform/deploy';
import type {
  FunctionTrigger,
  LocalDeployment,
  LocalFunctionSpec,
} from '../local-platform/deployment';
import { runLocalEtlWorkflow } from '../local-platform/glue-jobs';
import { startLocalFunctions, type LocalFunctions } from '../local-platform/lambda-runtime';
import { startLocalStreamJobs, type LocalStreamJobs } from '../local-platform/streaming';
import { StreamFigureCollector } from './figures/stream';
import { streamDay } from './stream-day';
import { MarketplaceSender } from './marketplace/marketplace-sender';
import { signedPoster, type SignedGet } from './marketplace/signed-fetch';
import { askRecommendations } from './marketplace/recommendations-client';
import {
  RECOMMENDATION_TARGETS,
  customersActiveOnDay,
  popularityBaseline,
  recommendationFigures,
} from './figures/recommendations';
import { serveMarketplaceApi } from '../local-platform/deploy/marketplace-api';
import type { LocalRestApi } from '../local-platform/rest-api';
import { startLocalCloud, type LocalCloud } from '@hybrid-lake/localcloud';
import type { DataSize } from './args';
import { drainAlertInbox, type CapturedAlert } from './figures/alerts';
import { burstMarks, trafficMonitorFigures } from './figures/traffic-monitor';
import { answerQueries } from './figures/analytics';
import { customerModelFigures } from './figures/customer-models';
import { modelsOf, waitForModels } from '../../lambdas/shared/warehouse/models';
import { functionFigures, percentile, transferTiming } from './figures/invocations';
import {
  localBlobService,
  reconcileMirror,
  registeredPartitions,
  temporaryFiles,
  type TemporaryFile,
} from './figures/lake-state';
import {
  deadLetterHolds,
  failedLastAllowedReceive,
  failStreamingJob,
  pickVictim,
  writeCorruptObject,
} from './injected-failures';
import type { LocalRunFigures } from './report/figures';
import { LOCAL_RUN_STEPS, stepLog } from './steps';
import { REPOSITORY_ROOT } from '../shared/repository-root';
import type { GlueJobFigures } from '../local-platform/glue-jobs/job-figures';
import { DEFAULT_HISTORY_DAYS } from '../generate-data/customer-history';

const SQL_DIRECTORY = join(REPOSITORY_ROOT, 'sql');
/** How long the customer models may take to be READY (locally they are when the ELT ends). */
const MODEL_WAIT = { timeoutMs: 600_000, pollMs: 250 } as const;

export interface LocalRunOptions {
  readonly env: string;
  readonly day: string;
  readonly seed: number;
  readonly size: DataSize;
  /** Days of customer history before the day. @default DEFAULT_HISTORY_DAYS */
  readonly historyDays?: number;
  readonly reportDirectory: string;
  readonly port: number;
  readonly azurePort: number;
  /** Leave localcloud running; the caller stops it. */
  readonly keep: boolean;
  readonly quiet: boolean;
  /** Kill the streaming jobs' process mid-stream and start it again. @default false */
  readonly killStreamJobs?: boolean;
  /** Progress lines (stderr in the CLI); undefined = silent. */
  readonly log?: (line: string) => void;
  /**
   * Longest wait for the functions to go idle after a step: the ELT's own timeout (15 min), which
   * a large day's load needs on a slow machine. @default 900 000
   */
  readonly idleTimeoutMs?: number;
}

export interface LocalRunResult {
  readonly figures: LocalRunFigures;
  readonly generated: GeneratedDay;
  readonly deployment: LocalDeployment;
  /** Every alert the topic delivered to its captured subscription. */
  readonly alerts: readonly CapturedAlert[];
  /** Files left under the transfer's temporary prefix (0 when nothing partial is visible). */
  /** Files left under the transfer's temporary prefix once the run was idle: none expected. */
  readonly temporaryFiles: readonly TemporaryFile[];
  /** Still running when `keep` was set: stop them with `stop()`. */
  readonly kept?: {
    readonly cloud: LocalCloud;
    readonly functions: LocalFunctions;
    stop(): Promise<void>;
  };
}

/**
 * Longest wait for the corrupt object's last allowed receive to fail: its five receives take about
 * 17 s (a 4 s visibility timeout apart); far more means it will never come (the object was copied
 * after all).
 */
const LAST_RECEIVE_WAIT_MS = 120_000;
/** Longest wait for the streaming jobs to write what was produced, after the last send. */
const STREAM_DRAIN_WAIT_MS = 120_000;
/** How far into the stream the crash drill kills the streaming jobs. */
const KILL_AT_FRACTION = 0.4;
/** How often the jobs' lag is sampled for the report. */
const LAG_SAMPLE_MS = 250;

/** The day `days` days before `day` (YYYY-MM-DD). */
function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** Jobs "run" at 02:00 UTC the day after, as the workflow's schedule starts them. */
export function jobRunTime(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 26 * 3_600_000);
}

function functionNamed(deployment: LocalDeployment, service: string): LocalFunctionSpec {
  const spec = deployment.functions.find((each) => each.service === service);
  if (!spec) throw new Error(`the local deployment has no ${service} function`);
  return spec;
}

export async function runLocalPlatform(options: LocalRunOptions): Promise<LocalRunResult> {
  const started = performance.now();
  const platform = loadPlatform(options.env);
  const steps = stepLog(options.log);
  const idle = (functions: LocalFunctions) =>
    functions.idle({ timeoutMs: options.idleTimeoutMs ?? 900_000 });
  const logDirectory = join(options.reportDirectory, 'logs');
  mkdirSync(logDirectory, { recursive: true });

  const cloud = await steps.run(LOCAL_RUN_STEPS.startCloud, () =>
    startLocalCloud({ port: options.port, azurePort: options.azurePort, kafkaIam: true }),
  );
  let functions: LocalFunctions | undefined;
  let api: LocalRestApi | undefined;
  let streamJobs: LocalStreamJobs | undefined;
  /** A restart of the streaming jobs under way (the crash drill), awaited before any cleanup. */
  let restartingStreamJobs: Promise<void> | undefined;
  let streamLog: number | undefined;
  try {
    const deployment = await steps.run(LOCAL_RUN_STEPS.deploy, () =>
      deployLocalPlatform(cloud, { platform, startWarehouseEngine: true }),
    );
    const s3 = new S3Client(cloud.clientConfig);
    const sqs = new SQSClient(cloud.clientConfig);
    const transfer = functionNamed(deployment, 's3-to-adls');
    const migrations = functionNamed(deployment, 'warehouse-migrations');

    const running = await steps.run(LOCAL_RUN_STEPS.startFunctions, async () => {
      const started = await startLocalFunctions(cloud, deployment.functions, { logDirectory });
      // The marketplace's door: the API Gateway in front of the ingestion function.
      api = await serveMarketplaceApi(cloud, started, deployment.marketplaceApi, {
        accessLogFile: join(logDirectory, 'marketplace-api-access.log'),
      });
      return started;
    });
    functions = running;
    const marketplace = marketplaceOf(cloud, deployment, api!, options.seed);
    streamLog = openSync(join(logDirectory, 'stream-jobs.log'), 'w');
    const logFd = streamLog;
    const collector = new StreamFigureCollector();
    const startStreamJobs = () =>
      startLocalStreamJobs(cloud, deployment, { logFd, onBatch: collector.onBatch });
    let jobs = await steps.run(LOCAL_RUN_STEPS.startStream, startStreamJobs);
    streamJobs = jobs;
    const historyDays = options.historyDays ?? DEFAULT_HISTORY_DAYS;
    const generateOptions = {
      platform,
      seed: options.seed,
      day: options.day,
      size: options.size,
      historyDays,
    };
    // Dropped once written (the local S3 holds the bytes from then on); the result's day makes
    // its objects again from the seed if the caller asks for them.
    let day: GeneratedDay | undefined = await steps.run(LOCAL_RUN_STEPS.generate, () =>
      Promise.resolve(generateDay(generateOptions)),
    );
    const generatedFigures = day.figures;
    // Kept past the day's records: the models are measured against them.
    const plantedCustomers = day.truth.plantedCustomers;
    // And the recommendations: against each customer's held-out next order, beside the best
    // sellers of their country counted from the answer key (not by the platform).
    const recommendationBaseline = popularityBaseline(day.truth, {
      day: options.day,
      justBoughtDays: platform.marketplaceApi.recommendations.justBoughtDays,
    });
    const activeOnDay = customersActiveOnDay(day.truth);
    let streamMarks: Readonly<Record<string, number>> = {};
    const victim = pickVictim(day.objects);
    // The corrupt object goes first: its redeliveries (five receives a visibility timeout apart,
    // about 17 s) then run while the migrations apply and the rest of the day is written.
    await steps.run(LOCAL_RUN_STEPS.corrupt, () =>
      writeCorruptObject(cloud, s3, running, transfer.functionName, deployment.buckets.raw, victim),
    );
    await steps.run(LOCAL_RUN_STEPS.migrate, async () => {
      const result = await running.invoke(
        migrations.functionName,
        migrationsCreateEvent(deployment),
      );
      if (result.error)
        throw new Error(
          `warehouse migrations failed: ${result.error.errorType}: ${result.error.errorMessage}`,
        );
    });

    const streamed = new Set(platform.topics.map((topic) => topic.dataset));
    // The customer history is a backfill: files written to raw, not records sent to Kafka.
    const isStreamed = (object: RawObject) => streamed.has(object.dataset) && !object.history;
    await steps.run(LOCAL_RUN_STEPS.write, async () => {
      // The history goes first: its mirror and registration then run beside the stream.
      const direct = day!.objects.filter((object) => object !== victim && !isStreamed(object));
      await writeGeneratedDay(
        s3,
        deployment.buckets.raw,
        { objects: direct },
        { quiet: options.quiet },
      );
      failStreamingJob(cloud, deployment, new Date());
    });
    const stream = await steps.run(LOCAL_RUN_STEPS.stream, async () => {
      const objects = day!.objects.filter((object) => object !== victim && isStreamed(object));
      day = undefined;
      const started = performance.now();
      const sampler = setInterval(() => collector.sampleLag(jobs.lag()), LAG_SAMPLE_MS);
      // The crash drill: the jobs' process dies with the stream under way, and starts again
      // from its checkpoint (the committed offsets and the batch it had announced).
      let restartFailure: Error | undefined;
      const onProgress = (sentFraction: number) => {
        if (!options.killStreamJobs || restartingStreamJobs || sentFraction < KILL_AT_FRACTION)
          return;
        restartingStreamJobs = (async () => {
          await jobs.crashMidBatch();
          collector.restarted();
          jobs = await startStreamJobs();
          streamJobs = jobs;
        })().catch((error: unknown) => {
          restartFailure = error instanceof Error ? error : new Error(String(error));
        });
      };
      try {
        const sent = await streamDay(cloud, platform, objects, {
          seconds: streamSecondsFor(options.size),
          marks: burstMarks(platform, generatedFigures.botBurst),
          marketplace,
          onProgress,
          ...(options.log && { log: options.log }),
        });
        await restartingStreamJobs;
        if (restartFailure !== undefined) throw restartFailure;
        await waitFor(
          () => [...jobs.lag().values()].every((behind) => behind === 0),
          STREAM_DRAIN_WAIT_MS,
          `the streaming jobs did not catch up with the topics: ${JSON.stringify([...jobs.lag()])}; ${jobs.errors.join('; ')}`,
        );
        collector.sampleLag(jobs.lag());
        streamMarks = sent.marked;
        return collector.figures(sent, Math.round(performance.now() - started) / 1000);
      } finally {
        clearInterval(sampler);
      }
    });
    await jobs.stop();
    // The repair waits only for the last allowed receive to fail: from then on the message can
    // only be parked, and its move to the dead-letter queue (one visibility timeout later) runs
    // beside the ETL, which reads the raw zone and not the mirror.
    await steps.run(LOCAL_RUN_STEPS.lastReceive, () =>
      waitFor(
        () =>
          failedLastAllowedReceive(
            running.invocations(),
            transfer.functionName,
            queueTrigger(transfer).maxReceiveCount,
          ),
        LAST_RECEIVE_WAIT_MS,
        `the transfer never failed the corrupt object s3://${deployment.buckets.raw}/${victim.key} on its last allowed receive`,
      ),
    );
    await steps.run(LOCAL_RUN_STEPS.repair, () => putRawObject(s3, deployment.buckets.raw, victim));

    const etl: GlueJobFigures[] = await steps.run(LOCAL_RUN_STEPS.etl, async () => {
      // The first run: the job's bookmarks hand it the backfilled history with the day.
      const runs = await runLocalEtlWorkflow(cloud, deployment, {
        runDate: options.day,
        fromDate: daysBefore(options.day, historyDays),
        now: jobRunTime(options.day),
      });
      return runs;
    });
    // Every function idle: the ELT done, the mirror complete, the corrupt object's message parked
    // and its dead-letter alarm raised.
    await steps.run(LOCAL_RUN_STEPS.warehouseLoad, () => idle(running));
    const deadLetterUrl = queueTrigger(transfer).deadLetterQueue.url;
    if (!(await deadLetterHolds(sqs, deadLetterUrl, victim.key)))
      throw new Error(
        `the corrupt object s3://${deployment.buckets.raw}/${victim.key} is not in the transfer's dead-letter queue`,
      );
    const deadLettered = await queueDepth(sqs, deadLetterUrl);

    const session = new WarehouseSession(
      new RedshiftDataClient(cloud.clientConfig),
      {
        workgroupName: deployment.warehouse.workgroupName,
        database: deployment.warehouse.database,
      },
      { pollMs: 20 },
    );
    const analytics = await steps.run(LOCAL_RUN_STEPS.questions, async () => {
      // The ELT trained them; on Redshift they finish training in the background.
      await waitForModels(session, modelsOf(SQL_DIRECTORY), MODEL_WAIT);
      return answerQueries(session, SQL_DIRECTORY, options.day);
    });
    const models = await steps.run(LOCAL_RUN_STEPS.models, () =>
      customerModelFigures(session, analytics, plantedCustomers, options.day),
    );

    const recommendations = await steps.run(LOCAL_RUN_STEPS.recommendations, async () => {
      // The export ran in the warehouse step: the ELT's on-success record went to the default
      // bus, and the deployed rule started it.
      const judged = plantedCustomers.flatMap((customer) =>
        customer.next_order === undefined ? [] : [customer.customer_id],
      );
      const asked = await askRecommendations(
        marketplace.get,
        platform.marketplaceApi.recommendations.resource,
        judged,
        { limit: RECOMMENDATION_TARGETS.limit },
      );
      return recommendationFigures({
        planted: plantedCustomers,
        asked,
        baseline: recommendationBaseline,
        activeOnDay,
      });
    });

    const blobService = localBlobService(cloud);
    const { figures: reconcile, mirrored } = await steps.run(LOCAL_RUN_STEPS.reconcile, () =>
      reconcileMirror(s3, blobService, deployment),
    );
    const leftovers = await temporaryFiles(blobService, deployment.fileSystems);
    const partitions = await registeredPartitions(new GlueClient(cloud.clientConfig), deployment);
    const alerts = await drainAlertInbox(sqs, deployment.alerts.inbox.url);
    const invocations = running.invocations();
    const timing = transferTiming(transfer.functionName, invocations);
    const lags = timing.lags.map((lag) => lag.lagMs).sort((a, b) => a - b);
    const runStartEpoch = Date.now() - (performance.now() - started);
    const busySeconds = Math.max(timing.busyMs / 1000, 0.001);

    const figures: LocalRunFigures = {
      schemaVersion: 1,
      project: platform.project,
      environment: platform.environmentName,
      day: options.day,
      seed: options.seed,
      size: String(options.size),
      finishedAt: new Date().toISOString(),
      durationSeconds: Math.round((performance.now() - started) / 10) / 100,
      steps: steps.steps,
      generated: generatedFigures,
      stream,
      marketplace: { url: api!.url, ...marketplace.sender.figures() },
      trafficMonitor: trafficMonitorFigures(streamMarks, alerts),
      mirror: {
        objects: mirrored.files,
        bytes: mirrored.bytes,
        mibPerSecond: round(mirrored.bytes / 1024 / 1024 / busySeconds, 2),
        objectsPerSecond: round(timing.lags.length / busySeconds, 1),
        lagMs: {
          p50: Math.round(percentile(lags, 0.5)),
          p95: Math.round(percentile(lags, 0.95)),
          max: Math.round(lags.at(-1) ?? 0),
        },
        lagSeries: timing.lags.map((lag) => ({
          atSeconds: round((lag.completedAt - runStartEpoch) / 1000, 2),
          lagMs: lag.lagMs,
        })),
        deadLettered,
      },
      partitions,
      etl,
      functions: functionFigures(
        deployment.functions.map((spec) => spec.functionName),
        invocations,
      ),
      alerts: { sent: alerts.length, items: alerts },
      analytics,
      models,
      recommendations,
      reconcile,
    };
    marketplace.close();
    if (!options.keep) await stopAll(running, cloud, api);
    return {
      figures,
      generated: regeneratedDay(generateOptions, generatedFigures),
      deployment,
      alerts,
      temporaryFiles: leftovers,
      ...(options.keep && {
        kept: { cloud, functions: running, stop: () => stopAll(running, cloud, api) },
      }),
    };
  } catch (error) {
    await restartingStreamJobs;
    await streamJobs?.kill();
    await stopAll(functions, cloud, api);
    throw error;
  } finally {
    if (streamLog !== undefined) closeSync(streamLog);
  }
}

/** How long the day takes to stream through Kafka: a day in seconds, longer for more records. */
export function streamSecondsFor(size: DataSize): number {
  if (size === 'small') return 6;
  if (size === 'large') return 20;
  return 10;
}

async function stopAll(
  functions: LocalFunctions | undefined,
  cloud: LocalCloud,
  api: LocalRestApi | undefined,
): Promise<void> {
  await api?.stop();
  await functions?.stop();
  await cloud.stop();
}

/**
 * The marketplace as a client of the local API: it signs with localcloud's key, as the deployed
 * marketplace signs with its role, and sends the topics the API feeds.
 */
function marketplaceOf(
  cloud: LocalCloud,
  deployment: LocalDeployment,
  api: LocalRestApi,
  seed: number,
): {
  sender: MarketplaceSender;
  resourceOf: ReadonlyMap<string, string>;
  get: SignedGet;
  close: () => void;
} {
  const { accessKeyId, secretAccessKey } = cloud.clientConfig.credentials;
  const poster = signedPoster(api.url, { region: cloud.region, accessKeyId, secretAccessKey });
  const { marketplaceApi } = deployment.platform;
  return {
    sender: new MarketplaceSender(poster.post, {
      maxRecordsPerRequest: marketplaceApi.maxRecordsPerRequest,
      runId: `run-${seed}-${Date.now().toString(36)}`,
    }),
    resourceOf: new Map(marketplaceApi.ingestion.map((route) => [route.topic, route.resource])),
    get: poster.get,
    close: () => poster.close(),
  };
}

function queueTrigger(spec: LocalFunctionSpec): Extract<FunctionTrigger, { kind: 'sqs' }> {
  if (spec.trigger.kind !== 'sqs') throw new Error(`${spec.functionName} is not fed by a queue`);
  return spec.trigger;
}

/** Polls `condition` until it holds; fails with `failure` after `timeoutMs`. */
async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  failure: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() >= deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
  );
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

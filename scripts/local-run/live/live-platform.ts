/**
 * The platform left running live: the producer keeps simulating users in real time (`npm run
 * produce`, in this process), the streaming jobs keep writing the raw zone, the functions keep
 * reacting (the traffic monitor counts every minute), and a dashboard on 127.0.0.1 shows it as
 * it happens, refreshed every second.
 */
import { DeleteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { TRAFFIC_MONITOR_DEFAULTS, trafficStateTableName } from '../../../infra/aws/facts/traffic';
import {
  CLOCK_KEY,
  dynamoDbTrafficState,
} from '../../../lambdas/traffic-monitor/dynamodb-traffic-state';
import type { LocalDeployment } from '../../local-platform/deployment';
import type { GlueJobFigures } from '../../local-platform/glue-jobs/job-figures';
import type { LocalFunctions } from '../../local-platform/lambda-runtime';
import {
  LOCAL_WINDOW_MS,
  startLocalStreamJobs,
  streamJobSettings,
  type LocalStreamJobs,
} from '../../local-platform/streaming';
import { transferTiming } from '../figures/invocations';
import { main as produce } from '../../produce-events/main';
import { systemClock, type Clock } from '../../produce-events/producer-loop';
import { drainAlertInbox, type CapturedAlert } from '../figures/alerts';
import { renderLivePage, renderLivePanels } from './page';
import { startLiveServer, type LiveServer } from './server';
import { readLiveSnapshot, type LiveSnapshot, type LiveSources } from './snapshot';

/** How often the dashboard is read and pushed to the open pages. */
export const LIVE_REFRESH_MS = 1_000;

export interface LiveOptions {
  /** The dashboard's port; 0 picks a free one. */
  readonly port: number;
  /** Records per second the producer sends, all day (no daily rhythm). */
  readonly rate: number;
  readonly seed: number;
  /**
   * Start the traffic monitor's history afresh: after a run of an earlier day, live traffic
   * follows hours without any, and the rule would take its first minutes for a spike.
   */
  readonly freshMonitorHistory: boolean;
  /** The ETL workflow's runs before going live. @default none */
  readonly batchRuns?: readonly GlueJobFigures[];
  /** Alerts already delivered (and drained) before going live. @default none */
  readonly earlierAlerts?: readonly CapturedAlert[];
  /** Where the streaming jobs' process writes its output. @default ignored */
  readonly streamLogFd?: number;
  readonly log?: (line: string) => void;
  /**
   * What the producer stamps its records by and the dashboard takes for now: one clock, so the
   * page's current minute is the producer's. A test moves it ahead instead of waiting for a
   * minute to end. @default the system clock
   */
  readonly clock?: Clock;
}

export interface LivePlatform {
  /** The dashboard's address. */
  readonly url: string;
  /** Where a second producer (`npm run produce -- --auth none`) reaches Kafka. */
  readonly brokers: string;
  stop(): Promise<void>;
}

export async function startLivePlatform(
  cloud: LocalCloud,
  deployment: LocalDeployment,
  functions: LocalFunctions,
  options: LiveOptions,
): Promise<LivePlatform> {
  const { platform } = deployment;
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? systemClock;
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  const sqs = new SQSClient(cloud.clientConfig);
  const tableName = trafficStateTableName(platform);
  if (options.freshMonitorHistory)
    await dynamodb.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: CLOCK_KEY,
      }),
    );

  let jobs: LocalStreamJobs | undefined;
  let server: LiveServer | undefined;
  const stopProducing = new AbortController();
  let producing: Promise<number> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  try {
    const brokers = cloud.kafka.bootstrapServers;
    let producer = { state: 'starting', detail: `${options.rate} records/s` };
    const alerts: CapturedAlert[] = [...(options.earlierAlerts ?? [])];
    const transfers = recentTransfers(deployment, functions);
    const monitor = deployment.functions.find((spec) => spec.trigger.kind === 'kafka');
    const sources: LiveSources = {
      cloud,
      deployment,
      state: dynamoDbTrafficState(
        dynamodb,
        tableName,
        TRAFFIC_MONITOR_DEFAULTS.stateRetentionHours,
      ),
      sqs,
      batchRuns: options.batchRuns ?? [],
      rule: platform.trafficMonitor.botRule,
      recentTransferLags: () => transfers.lags(),
      groups: [
        ...streamJobSettings(deployment, LOCAL_WINDOW_MS).map((job) => ({
          group: job.jobName,
          topic: job.topic,
        })),
        ...(monitor?.trigger.kind === 'kafka'
          ? monitor.trigger.mappings.map((mapping) => ({
              group: mapping.consumerGroup,
              topic: mapping.topic,
            }))
          : []),
      ],
      streamingState: () =>
        jobs === undefined
          ? 'starting'
          : jobs.errors.length === 0
            ? 'RUNNING (local process)'
            : `RUNNING, ${jobs.errors.length} problems`,
      producer: () => producer,
      alerts: () => alerts,
    };
    const read = async (): Promise<LiveSnapshot> => {
      alerts.push(...(await drainAlertInbox(sqs, deployment.alerts.inbox.url)));
      transfers.catchUp();
      return readLiveSnapshot(sources, clock.now());
    };

    // The server first: a taken port fails before anything is started.
    let latest = await read();
    const title = `${platform.project} live · ${platform.environmentName}`;
    const live = await startLiveServer({
      port: options.port,
      page: () => renderLivePage(latest, title),
    });
    server = live;

    jobs = await startLocalStreamJobs(cloud, deployment, {
      ...(options.streamLogFd !== undefined && { logFd: options.streamLogFd }),
    });
    producing = produce(
      [
        ...['--brokers', brokers, '--auth', 'none', '--rate', String(options.rate), '--flat'],
        ...['--seed', String(options.seed), '--env', platform.environmentName],
      ],
      {
        env: process.env,
        stdout: () => undefined,
        stderr: (line) => {
          log(line);
          if (producer.state === 'starting' && line.includes('seed'))
            producer = { state: 'streaming', detail: producer.detail };
        },
        stop: stopProducing.signal,
        clock,
      },
    );
    producing.then(
      (code) => {
        producer = {
          state: code === 0 ? 'stopped' : 'failed',
          detail: code === 0 ? 'stopped' : `exit ${code}: see the terminal`,
        };
      },
      (error: unknown) => {
        producer = { state: 'failed', detail: messageOf(error) };
        log(`live producer: ${messageOf(error)}`);
      },
    );

    let failing = false;
    const refresh = async () => {
      try {
        latest = await read();
        live.publish(renderLivePanels(latest));
        failing = false;
      } catch (error) {
        // Logged once per outage, not every second; the page keeps its last panels and says
        // since when they have not been refreshed.
        if (!failing) log(`live dashboard: ${messageOf(error)}`);
        failing = true;
        live.publish({ summary: renderLivePanels(latest, messageOf(error)).summary });
      }
      if (!stopped) timer = setTimeout(() => void refresh(), LIVE_REFRESH_MS);
    };
    timer = setTimeout(() => void refresh(), LIVE_REFRESH_MS);

    return {
      url: live.url,
      brokers,
      async stop() {
        stopped = true;
        clearTimeout(timer);
        await shutDown();
      },
    };
  } catch (error) {
    stopped = true;
    clearTimeout(timer);
    await shutDown();
    throw error;
  }

  async function shutDown(): Promise<void> {
    stopProducing.abort();
    await producing?.catch(() => undefined);
    await jobs?.stop();
    await server?.close();
    dynamodb.destroy();
    sqs.destroy();
  }
}

/** Most recent copies the transfer lag is measured over. */
const RECENT_TRANSFERS = 200;

/**
 * The S3 → ADLS lags of the last copies, kept as the transfer's invocations arrive: each refresh
 * reads only the invocations since the last one, so a platform live for a day costs no more per
 * second than one live for a minute.
 */
function recentTransfers(
  deployment: LocalDeployment,
  functions: LocalFunctions,
): { catchUp(): void; lags(): readonly number[] } {
  const transfer = deployment.functions.find((spec) => spec.service === 's3-to-adls');
  const lags: number[] = [];
  let seen = 0;
  return {
    catchUp() {
      const fresh = functions.invocationsSince(seen);
      seen += fresh.length;
      if (transfer === undefined) return;
      lags.push(...transferTiming(transfer.functionName, fresh).lags.map((lag) => lag.lagMs));
      if (lags.length > RECENT_TRANSFERS) lags.splice(0, lags.length - RECENT_TRANSFERS);
    },
    lags: () => lags,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What the live dashboard shows, read the way the CloudWatch dashboard reads it on AWS, from the
 * running platform: requests per minute and the audience by device, content type and country
 * from the traffic monitor's own state table (the windows it counts into, through DynamoDB);
 * which closed minutes the bot rule flags; records per topic and each consumer group's lag from
 * the Kafka endpoint; the S3 → ADLS lag from the transfer's invocations; every dead-letter
 * queue's depth (SQS); the ETL jobs' runs and the streaming jobs' process; the alerts the SNS topic delivered.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { BotRule } from '../../../infra/platform';
import { judgeMinute } from '../../../lambdas/traffic-monitor/bot-rule';
import { MINUTE_MS } from '../../../lambdas/traffic-monitor/minute-tally';
import type { Clock, TrafficState } from '../../../lambdas/traffic-monitor/traffic-state';
import { addWindows } from '../../../lambdas/traffic-monitor/window-counts';
import { readWindows } from '../../../lambdas/traffic-monitor/monitor';
import { consumerGroupLag, topicEndOffset } from '../../local-platform/consumer-lag';
import type { LocalDeployment, QueueRef } from '../../local-platform/deployment';
import type { GlueJobFigures } from '../../local-platform/glue-jobs/job-figures';
import type { CapturedAlert } from '../figures/alerts';
import { percentile } from '../figures/invocations';
import { BOT_ATTACK_ALERT_SOURCE } from '../figures/traffic-monitor';

/** Minutes of requests the chart shows, the current one last. */
export const LIVE_MINUTES = 30;
/** Minutes the audience breakdowns add up. */
export const AUDIENCE_MINUTES = 15;
/** Most recent alerts listed. */
const LISTED_ALERTS = 20;

export interface LiveMinute {
  /** ISO minute, `2026-12-07T10:15:00.000Z`. */
  readonly minute: string;
  readonly requests: number;
  readonly distinctClients: number;
  readonly accesses: number;
  /** Whether the monitor has closed it (its counts are final). */
  readonly closed: boolean;
}

export interface Share {
  readonly label: string;
  readonly accesses: number;
}

export interface LiveSnapshot {
  /** When it was read (ISO). */
  readonly at: string;
  readonly producer: { readonly state: string; readonly detail: string };
  readonly topics: readonly { readonly topic: string; readonly records: number }[];
  readonly traffic: {
    /** The bot rule's ceiling, requests per minute. */
    readonly ceiling: number;
    readonly minutes: readonly LiveMinute[];
    /** Closed minutes the bot rule flags (ISO minutes). */
    readonly flagged: readonly string[];
    /** The last minute closed (ISO), if any. */
    readonly closedThrough: string | undefined;
    /** The open incident's first minute (ISO), if one is open. */
    readonly incidentSince: string | undefined;
  };
  readonly devices: readonly Share[];
  readonly contentTypes: readonly Share[];
  readonly countries: readonly Share[];
  readonly consumerLag: readonly {
    readonly group: string;
    readonly topic: string;
    readonly behind: number;
  }[];
  readonly transfer: {
    readonly copied: number;
    readonly lagP50Ms: number;
    readonly lagMaxMs: number;
  };
  readonly deadLetters: readonly { readonly queue: string; readonly messages: number }[];
  readonly jobs: readonly { readonly job: string; readonly state: string }[];
  /** The most recent alerts, newest first (at most `LISTED_ALERTS`). */
  readonly alerts: readonly CapturedAlert[];
  /** Every alert delivered, and those from the traffic monitor, however many are listed. */
  readonly alertCounts: { readonly all: number; readonly botAttack: number };
}

export interface LiveSources {
  readonly cloud: LocalCloud;
  readonly deployment: LocalDeployment;
  readonly state: TrafficState;
  readonly sqs: SQSClient;
  /** The ETL workflow's runs before going live (none in `npm run live`). */
  readonly batchRuns: readonly GlueJobFigures[];
  readonly rule: BotRule;
  /** The S3 → ADLS lags of the most recent copies, in ms. */
  recentTransferLags(): readonly number[];
  /** Consumer groups to watch, by topic: the streaming jobs' and the monitor's. */
  readonly groups: readonly { readonly group: string; readonly topic: string }[];
  /** The streaming jobs' state: their Glue jobs run here as a local process, not as Glue runs. */
  streamingState(): string;
  producer(): { readonly state: string; readonly detail: string };
  /** Every alert delivered so far, oldest first. */
  alerts(): readonly CapturedAlert[];
}

export async function readLiveSnapshot(sources: LiveSources, now: number): Promise<LiveSnapshot> {
  const { deployment } = sources;
  const current = now - (now % MINUTE_MS);
  const firstShown = current - (LIVE_MINUTES - 1) * MINUTE_MS;
  // Each shown minute is judged against the minutes before it, so the read starts a trailing
  // window earlier.
  const firstRead = firstShown - sources.rule.trailingMinutes * MINUTE_MS;
  const [clock, windows, deadLetters] = await Promise.all([
    sources.state.readClock(),
    readWindows(
      sources.state,
      Array.from(
        { length: (current - firstRead) / MINUTE_MS + 1 },
        (_, index) => firstRead + index * MINUTE_MS,
      ),
    ),
    deadLetterDepths(sources.sqs, deadLetterQueues(deployment)),
  ]);
  const totals = (minute: number) =>
    addWindows((windows.get(minute) ?? []).map((window) => window.counts));
  const closedThrough = clock.closed?.closedThrough;
  const minutes: LiveMinute[] = [];
  for (let minute = firstShown; minute <= current; minute += MINUTE_MS) {
    const { requests, distinctClients, accesses } = totals(minute);
    minutes.push({
      minute: iso(minute),
      requests,
      distinctClients,
      accesses,
      closed: closedThrough !== undefined && minute <= closedThrough,
    });
  }
  const audience = addWindows(
    [...windows]
      .filter(([minute]) => minute > current - AUDIENCE_MINUTES * MINUTE_MS)
      .flatMap(([, stored]) => stored.map((window) => window.counts)),
  );
  const lags = [...sources.recentTransferLags()].sort((a, b) => a - b);
  const incident = clock.closed?.incident;
  const alerts = sources.alerts();
  return {
    at: new Date(now).toISOString(),
    producer: sources.producer(),
    topics: deployment.topics.map((topic) => ({
      topic,
      records: topicEndOffset(sources.cloud.kafka, topic),
    })),
    traffic: {
      ceiling: sources.rule.maxRequestsPerMinute,
      minutes,
      flagged: flaggedMinutes(clock, firstShown, closedThrough, totals, sources.rule),
      closedThrough: closedThrough === undefined ? undefined : iso(closedThrough),
      incidentSince: incident === undefined ? undefined : iso(incident.start),
    },
    devices: shares(audience.devices),
    contentTypes: shares(audience.contentTypes),
    countries: shares(audience.countries),
    consumerLag: sources.groups.map(({ group, topic }) => ({
      group,
      topic,
      behind: consumerGroupLag(sources.cloud.kafka, group, topic),
    })),
    transfer: {
      copied: lags.length,
      lagP50Ms: Math.round(percentile(lags, 0.5)),
      lagMaxMs: Math.round(lags.at(-1) ?? 0),
    },
    deadLetters,
    jobs: jobStates(sources),
    alerts: alerts.slice(-LISTED_ALERTS).reverse(),
    alertCounts: {
      all: alerts.length,
      botAttack: alerts.filter((alert) => alert.source === BOT_ATTACK_ALERT_SOURCE).length,
    },
  };
}

/**
 * The closed minutes on show that the bot rule flags, judged as the monitor judged them: against
 * the trailing minutes before each, with a full window only once the monitor has seen one.
 */
function flaggedMinutes(
  clock: Clock,
  firstShown: number,
  closedThrough: number | undefined,
  totals: (minute: number) => { requests: number },
  rule: BotRule,
): string[] {
  const first = clock.firstMinute;
  if (closedThrough === undefined || first === undefined) return [];
  const flagged: string[] = [];
  for (let minute = Math.max(firstShown, first); minute <= closedThrough; minute += MINUTE_MS) {
    const trailing = Array.from(
      { length: rule.trailingMinutes },
      (_, index) => totals(minute - (rule.trailingMinutes - index) * MINUTE_MS).requests,
    );
    const fullWindow = minute >= first + rule.trailingMinutes * MINUTE_MS;
    if (judgeMinute(totals(minute).requests, trailing, fullWindow, rule).reason !== undefined)
      flagged.push(iso(minute));
  }
  return flagged;
}

function shares(counts: Readonly<Record<string, number>>): Share[] {
  return Object.entries(counts)
    .map(([label, accesses]) => ({ label, accesses }))
    .sort((a, b) => b.accesses - a.accesses || a.label.localeCompare(b.label));
}

/** Every dead-letter and on-failure queue of the deployment's functions. */
export function deadLetterQueues(deployment: LocalDeployment): QueueRef[] {
  return deployment.functions.flatMap((spec) =>
    spec.trigger.kind === 'direct' ? [] : [spec.trigger.deadLetterQueue],
  );
}

async function deadLetterDepths(
  sqs: SQSClient,
  queues: readonly QueueRef[],
): Promise<{ queue: string; messages: number }[]> {
  return Promise.all(
    queues.map(async (queue) => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: queue.url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return {
        queue: queue.name,
        messages:
          Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
          Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      };
    }),
  );
}

/** The batch jobs' runs of this session, if any; the streaming jobs' local process. */
function jobStates(sources: LiveSources): { job: string; state: string }[] {
  const { rawToClean, cleanToCurated, streaming } = sources.deployment.glueJobs;
  const ran = new Map(sources.batchRuns.map((run) => [run.jobName, run.state]));
  const streamingState = sources.streamingState();
  return [
    ...[rawToClean, cleanToCurated].map((job) => ({
      job,
      state: ran.get(job) ?? 'not run in this session',
    })),
    ...streaming.map((job) => ({ job, state: streamingState })),
  ];
}

function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

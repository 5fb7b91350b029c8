/**
 * The local streaming jobs (the stand-ins of `stream_to_raw`, one per topic) in a process of
 * their own, started from the local deployment: their settings are the EtlStack's (job names,
 * topics, datasets, event time columns, partition keys, raw bucket), and they reach Kafka as the
 * deployed jobs do, through the IAM listener over TLS.
 */
import { consumerGroupLag } from '../consumer-lag';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { LocalDeployment } from '../deployment';
import {
  CONFIG_VARIABLE,
  type StreamJobsCommand,
  type StreamJobsConfig,
  type StreamJobsMessage,
} from './jobs-protocol';
import type { BatchReport, StreamJobSettings } from './stream-job';

export type { BatchReport } from './stream-job';

/** The local window: seconds of a day go by in milliseconds, so batches are short too. */
export const LOCAL_WINDOW_MS = 500;

export interface StreamJobsOptions {
  /** @default LOCAL_WINDOW_MS */
  readonly windowMs?: number;
  /** Where the process's own output goes (a log file's descriptor). @default ignored */
  readonly logFd?: number;
  /** Every written micro-batch, as it is reported. */
  readonly onBatch?: (report: BatchReport) => void;
}

export interface LocalStreamJobs {
  readonly settings: readonly StreamJobSettings[];
  /** Problems the jobs reported (and went on from). */
  readonly errors: readonly string[];
  /** Records each job's group has committed behind the end of its topic, now. */
  lag(): Map<string, number>;
  /** Writes what the jobs hold (a few batches at most), commits it and leaves the groups. */
  stop(): Promise<void>;
  /** Kills the process at once, as a crashed driver: nothing is flushed or committed. */
  kill(): Promise<void>;
  /**
   * The crash drill: the process dies in the middle of its next batch, its files written and its
   * end not committed (killed outright if no batch comes within `withinMs`).
   */
  crashMidBatch(withinMs?: number): Promise<void>;
}

export class StreamJobsError extends Error {
  override readonly name = 'StreamJobsError';
}

export function streamJobSettings(
  deployment: Pick<LocalDeployment, 'platform' | 'buckets' | 'glueJobs'>,
  windowMs: number,
): StreamJobSettings[] {
  const { platform } = deployment;
  return platform.topics.map((topic, index) => {
    const dataset = platform.datasets.find((candidate) => candidate.name === topic.dataset);
    if (!dataset) throw new StreamJobsError(`topic ${topic.name} names no dataset`);
    return {
      jobName: deployment.glueJobs.streaming[index]!,
      topic: topic.name,
      dataset: dataset.name,
      eventTimeColumn: dataset.eventTimeColumn,
      partitionKeys: dataset.partitionKeys.map((key) => key.name),
      rawBucket: deployment.buckets.raw,
      windowMs,
    };
  });
}

export async function startLocalStreamJobs(
  cloud: LocalCloud,
  deployment: Pick<LocalDeployment, 'platform' | 'buckets' | 'glueJobs'>,
  options: StreamJobsOptions = {},
): Promise<LocalStreamJobs> {
  const iam = cloud.kafka.sasl;
  if (!iam) throw new StreamJobsError('localcloud serves no Kafka IAM listener');
  const settings = streamJobSettings(deployment, options.windowMs ?? LOCAL_WINDOW_MS);
  const config: StreamJobsConfig = {
    jobs: settings,
    brokers: [iam.bootstrapServers],
    tlsCa: iam.caCertificate,
    region: cloud.region,
    s3Endpoint: cloud.endpoint,
  };
  const output = options.logFd ?? 'ignore';
  const child: ChildProcess = fork(join(__dirname, 'jobs-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...cloud.env, PATH: process.env.PATH ?? '', [CONFIG_VARIABLE]: JSON.stringify(config) },
    stdio: ['ignore', output, output, 'ipc'],
    serialization: 'json',
  });
  const errors: string[] = [];
  let stopped: (() => void) | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: StreamJobsMessage) => {
      if (message.type === 'ready') resolve();
      if (message.type === 'batch') options.onBatch?.(message.report);
      if (message.type === 'error') errors.push(message.message);
      if (message.type === 'stopped') stopped?.();
    });
    void exited.then(() =>
      reject(new StreamJobsError(`the streaming jobs did not start: ${errors.join('; ')}`)),
    );
  });
  return {
    settings,
    errors,
    lag() {
      return new Map(
        settings.map((job) => [job.topic, consumerGroupLag(cloud.kafka, job.jobName, job.topic)]),
      );
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = new Promise<void>((resolve) => (stopped = resolve));
      const command: StreamJobsCommand = { type: 'stop' };
      child.send(command);
      await Promise.race([done.then(() => exited), exited]);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async crashMidBatch(withinMs = 5_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const command: StreamJobsCommand = { type: 'crash-mid-batch' };
      child.send(command);
      const timer = setTimeout(() => child.kill('SIGKILL'), withinMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The local streaming jobs' process: one LocalStreamJob per topic, as the deployed platform runs
 * one Glue streaming job per topic. A process of its own, so that it can be killed mid-stream
 * like a job's driver, and started again from its checkpoint. Its parent (index.ts) hands it its
 * settings in the environment and hears from it over IPC.
 */
import '../../shared/aws-sdk-node-notice';
import { S3Client } from '@aws-sdk/client-s3';
import { Kafka } from 'kafkajs';
import { kafkaClientConfig } from '../../../lambdas/shared/kafka-config';
import {
  CONFIG_VARIABLE,
  type StreamJobsCommand,
  type StreamJobsConfig,
  type StreamJobsMessage,
} from './jobs-protocol';
import { LocalStreamJob } from './stream-job';

function send(message: StreamJobsMessage): void {
  process.send?.(message);
}

/** Resolves once the message is handed to the parent: a batch is reported before it is committed. */
function delivered(message: StreamJobsMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return resolve();
    process.send(message, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env[CONFIG_VARIABLE] ?? 'null') as StreamJobsConfig | null;
  if (!config) throw new Error(`${CONFIG_VARIABLE} is not set`);
  const kafka = new Kafka(
    kafkaClientConfig({
      brokers: config.brokers,
      auth: 'iam',
      region: config.region,
      tlsCa: config.tlsCa,
      // The client's own warnings (rebalances, reconnects) go to the jobs' log, not to errors.
      log: (line) => process.stderr.write(`${line}\n`),
    }),
  );
  const s3 = new S3Client({
    endpoint: config.s3Endpoint,
    region: config.region,
    forcePathStyle: true,
  });
  let crashMidBatch = false;
  const jobs = config.jobs.map(
    (settings) =>
      new LocalStreamJob(settings, {
        kafka,
        s3,
        onBatch: (report) => delivered({ type: 'batch', report }),
        onError: (error) =>
          send({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
        // The drill: files written, nothing reported or committed, the process gone at once.
        afterFilesWritten: () => {
          if (crashMidBatch) process.kill(process.pid, 'SIGKILL');
        },
      }),
  );
  await Promise.all(jobs.map((job) => job.start()));
  process.on('message', (message: StreamJobsCommand) => {
    if (message.type === 'crash-mid-batch') crashMidBatch = true;
    if (message.type !== 'stop') return;
    void Promise.all(jobs.map((job) => job.stop())).then(async () => {
      await delivered({ type: 'stopped' });
      // Everything is written and committed. Exit rather than wait for the event loop to empty:
      // a consumer that was restarting after a crash can leave the client's timers running
      // (kafkajs issues #967 and #1147), and the parent waits for this process to exit.
      process.exit(0);
    });
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (process.send) process.send({ type: 'error', message }, () => process.exit(1));
  else process.exit(1);
});

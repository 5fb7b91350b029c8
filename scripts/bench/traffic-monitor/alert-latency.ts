/**
 * The alert path of `npm run bench:traffic-monitor`, on its own: localcloud, the deployed
 * platform, and only the traffic monitor and failure-alerts running. Web requests and access
 * events are produced paced, a day's minute in `MINUTE_EVERY_MS` of run time, with a burst; the
 * figure is the time from the stream making the burst's first minute closable (its end plus the
 * allowed lateness, on every partition) to the alert's publish on the topic. `npm start` gives
 * the same figure with the whole platform sharing the machine (docs/benchmarks.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startLocalCloud } from '@hybrid-lake/localcloud';
import { Kafka, logLevel } from 'kafkajs';
import { monitoredTopics, trafficMonitorFunctionName } from '../../../infra/aws/facts/traffic';
import { LOCAL_ALLOWED_LATENESS_SECONDS } from '../../local-platform/deploy/traffic-monitor';
import { failureAlertsFunctionName } from '../../../infra/aws/facts/alerting';
import { loadPlatform } from '../../../infra/platform';
import { deployLocalPlatform } from '../../local-platform/deploy';
import { startLocalFunctions } from '../../local-platform/lambda-runtime';
import { drainAlertInbox } from '../../local-run/figures/alerts';
import { BOT_ATTACK_ALERT_SOURCE } from '../../local-run/figures/traffic-monitor';

const MINUTE = 60_000;
const DAY = Date.UTC(2026, 11, 5);
/** Run time per minute of the day: a day in about 14 s, the pace of `npm start --size medium`. */
const MINUTE_EVERY_MS = 10;
const MINUTES = 120;
const BURST_MINUTE = 60;

export interface AlertLatency {
  readonly closableToAlertSeconds: number;
  readonly burstToAlertSeconds: number;
}

export async function alertLatency(): Promise<AlertLatency> {
  const platform = loadPlatform('dev');
  const logDirectory = mkdtempSync(join(tmpdir(), 'bench-traffic-'));
  const cloud = await startLocalCloud({ port: 0 });
  try {
    const deployment = await deployLocalPlatform(cloud, { platform });
    const wanted = new Set([
      trafficMonitorFunctionName(platform),
      failureAlertsFunctionName(platform),
    ]);
    const functions = await startLocalFunctions(
      cloud,
      deployment.functions.filter((fn) => wanted.has(fn.functionName)),
      { logDirectory },
    );
    try {
      const { requests, audience } = monitoredTopics(platform);
      const kafka = new Kafka({ brokers: [cloud.env.KAFKA_BROKERS!], logLevel: logLevel.NOTHING });
      const producer = kafka.producer();
      await producer.connect();
      const closableAt = DAY + (BURST_MINUTE + 1) * MINUTE + LOCAL_ALLOWED_LATENESS_SECONDS * 1000;
      let burstSentAt = 0;
      let closableSentAt = 0;
      const started = Date.now();
      for (let minute = 0; minute < MINUTES; minute += 1) {
        const burst = minute === BURST_MINUTE;
        const count = burst ? 950 : 30;
        const web = Array.from({ length: count }, (_, i) => ({
          partition: i % requests.partitions,
          value: JSON.stringify({
            request_id: `${minute}-${i}`,
            request_time: new Date(
              DAY + minute * MINUTE + Math.floor((i * MINUTE) / count),
            ).toISOString(),
            client_ip: burst ? '2001:db8:5eed::b07' : `198.51.100.${i}`,
          }),
        }));
        const access = Array.from({ length: audience.partitions }, (_, partition) => ({
          partition,
          value: JSON.stringify({
            event_id: `${minute}-${partition}`,
            event_time: new Date(DAY + minute * MINUTE + 59_000).toISOString(),
            device: 'mobile',
            content_type: 'movie',
            country: 'FR',
          }),
        }));
        await producer.sendBatch({
          topicMessages: [
            { topic: requests.name, messages: web },
            { topic: audience.name, messages: access },
          ],
        });
        if (burst) burstSentAt = Date.now();
        if (!closableSentAt && DAY + (minute + 1) * MINUTE >= closableAt)
          closableSentAt = Date.now();
        const due = started + (minute + 1) * MINUTE_EVERY_MS;
        if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      }
      await producer.disconnect();
      await functions.idle({ timeoutMs: 60_000 });
      const alerts = await drainAlertInbox(
        new SQSClient(cloud.clientConfig),
        deployment.alerts.inbox.url,
      );
      const bot = alerts.filter((alert) => alert.source === BOT_ATTACK_ALERT_SOURCE);
      if (bot.length !== 1 || bot[0]!.publishedAt === undefined)
        throw new Error(`expected one bot-attack alert, got ${bot.length}`);
      const publishedAt = Date.parse(bot[0]!.publishedAt);
      return {
        closableToAlertSeconds: (publishedAt - closableSentAt) / 1000,
        burstToAlertSeconds: (publishedAt - burstSentAt) / 1000,
      };
    } finally {
      await functions.stop();
    }
  } finally {
    await cloud.stop();
    rmSync(logDirectory, { recursive: true, force: true });
  }
}

/**
 * The traffic monitor as deployed locally: records produced to localcloud's Kafka reach the real
 * handler through the local MSK mappings, its state lives in localcloud's DynamoDB, and the
 * bot-attack event goes through the alert fabric (EventBridge rule → failure-alerts → SNS) to
 * the captured alert queue.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Kafka, logLevel } from 'kafkajs';
import { trafficMonitorFunctionName } from '../../../../infra/aws/facts/traffic';
import { loadPlatform } from '../../../../infra/platform';
import type { LocalDeployment } from '../../../../scripts/local-platform/deployment';
import { deployLocalPlatform } from '../../../../scripts/local-platform/deploy';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../../../scripts/local-platform/lambda-runtime';
import { useLocalCloud } from '../../../fixtures/localcloud';

const platform = loadPlatform('dev');
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const logDirectory = mkdtempSync(join(tmpdir(), 'traffic-monitor-'));
let deployment: LocalDeployment;
let functions: LocalFunctions;

beforeAll(async () => {
  deployment = await deployLocalPlatform(cloud(), { platform });
  const wanted = new Set([trafficMonitorFunctionName(platform), `hybrid-lake-dev-failure-alerts`]);
  functions = await startLocalFunctions(
    cloud(),
    deployment.functions.filter((fn) => wanted.has(fn.functionName)),
    { logDirectory },
  );
}, 60_000);
afterAll(async () => {
  await functions?.stop();
});

const DAY = Date.UTC(2026, 11, 5);
const MINUTE = 60_000;
const BOT = '2001:db8:5eed::b07';
const BURST = { from: 30, minutes: 4, perMinute: 950 };

function day(): { topic: string; partition: number; value: string }[] {
  const partitions = (name: string) => platform.topics.find((t) => t.name === name)!.partitions;
  const records: { topic: string; partition: number; value: string }[] = [];
  for (let m = 0; m < 45; m += 1) {
    const burst = m >= BURST.from && m < BURST.from + BURST.minutes;
    const count = burst ? BURST.perMinute : 25 + ((m * 7) % 11);
    for (let i = 0; i < count; i += 1) {
      const at = DAY + m * MINUTE + Math.floor((i * MINUTE) / count);
      const client = burst && i % 10 !== 0 ? BOT : `198.51.100.${(m * 31 + i) % 200}`;
      records.push({
        topic: 'web-logs',
        partition: i % partitions('web-logs'),
        value: JSON.stringify({
          request_time: new Date(at).toISOString(),
          client_ip: client,
          url: '/',
        }),
      });
    }
    for (let p = 0; p < partitions('access-events'); p += 1)
      records.push({
        topic: 'access-events',
        partition: p,
        value: JSON.stringify({
          event_time: new Date(DAY + m * MINUTE + 59_000).toISOString(),
          device: p % 2 ? 'smart_tv' : 'mobile',
          content_type: 'series',
          country: 'FR',
        }),
      });
    if (m === 10) {
      records.push({ topic: 'web-logs', partition: 0, value: 'this is not JSON {' });
      records.push({ topic: 'access-events', partition: 3, value: '{"note":"no event time"}' });
    }
  }
  return records;
}

describe('the traffic monitor on localcloud', () => {
  it('sends one bot-attack alert for the burst, through the alert fabric', async () => {
    const kafka = new Kafka({ brokers: [cloud().env.KAFKA_BROKERS!], logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    const records = day();
    for (let start = 0; start < records.length; start += 500) {
      const slice = records.slice(start, start + 500);
      await producer.sendBatch({
        acks: -1,
        topicMessages: ['web-logs', 'access-events'].map((topic) => ({
          topic,
          messages: slice
            .filter((r) => r.topic === topic)
            .map((r) => ({ partition: r.partition, value: r.value })),
        })),
      });
    }
    await producer.disconnect();
    await functions.idle({ timeoutMs: 60_000 });

    const sqs = new SQSClient(cloud().clientConfig);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: deployment.alerts.inbox.url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    const alerts = Messages.map((m) => JSON.parse(m.Body!) as { Subject: string; Message: string });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.Subject).toMatch(/CRITICAL .*Bot attack/i);
    const alert = JSON.parse(alerts[0]!.Message.split('-- alert as JSON --')[1]!) as {
      source: string;
      details: { requests: number; topClients: string };
    };
    expect(alert.source).toBe('bot-attack');
    expect(alert.details.requests).toBe(BURST.perMinute);
    expect(alert.details.topClients.startsWith(`${BOT} (855)`)).toBe(true);

    const log = readFileSync(
      join(logDirectory, `${trafficMonitorFunctionName(platform)}.log`),
      'utf8',
    );
    expect(log).toContain('Records left out');
    // Each closed minute's metrics once, timestamped with the minute, on exact counts.
    const minuteMetrics = log
      .split('\n')
      .filter((line) => line.includes('"Requests"'))
      .map(
        (line) =>
          JSON.parse(line) as {
            _aws: { Timestamp: number };
            Requests: number;
            FlaggedMinutes: number;
          },
      );
    const at = (minute: number) =>
      minuteMetrics.filter((doc) => doc._aws.Timestamp === DAY + minute * MINUTE);
    expect(at(20)).toEqual([
      expect.objectContaining({ Requests: 25 + ((20 * 7) % 11), FlaggedMinutes: 0 }),
    ]);
    expect(at(31)).toEqual([
      expect.objectContaining({ Requests: BURST.perMinute, FlaggedMinutes: 1 }),
    ]);
    expect(at(40)).toEqual([expect.objectContaining({ FlaggedMinutes: 0 })]);
    const invocations = functions.invocations().filter((i) => i.trigger === 'kafka');
    expect(invocations.every((i) => i.outcome === 'success')).toBe(true);
  }, 90_000);
});

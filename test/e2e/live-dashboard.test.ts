/**
 * The live dashboard in a real browser, on the platform running live after an earlier day was
 * counted (as `npm start -- --keep` leaves it): the page loads from 127.0.0.1 with nothing from elsewhere,
 * its numbers move while the producer streams, and a bot burst sent by the real producer CLI
 * (`npm run produce -- --burst`) shows up as one bot-attack alert naming the burst's minute,
 * with that minute flagged on the chart.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Kafka, logLevel } from 'kafkajs';
import { startLocalCloud, type LocalCloud } from '@hybrid-lake/localcloud';
import { trafficStateTableName } from '../../infra/aws/facts/traffic';
import { dynamoDbTrafficState } from '../../lambdas/traffic-monitor/dynamodb-traffic-state';
import { createEventSource, resolveTopics } from '../../scripts/produce-events/event-source';
import { loadPlatform } from '../../infra/platform';
import { deployLocalPlatform } from '../../scripts/local-platform/deploy';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../scripts/local-platform/lambda-runtime';
import { startLivePlatform, type LivePlatform } from '../../scripts/local-run/live/live-platform';
import { LIVE_CONTENT_SECURITY_POLICY } from '../../scripts/local-run/live/page';
import { REPOSITORY_ROOT } from '../../scripts/shared/repository-root';
import { launchChromium, watchedPage } from '../fixtures/chromium';

// The burst waits for a minute after an ordinary one, its minute must end and every partition
// move past it: about three minutes at worst.
jest.setTimeout(300_000);

const platform = loadPlatform('dev');
/** Enough records for every partition to move every few seconds, well under the bot ceiling. */
const RATE = 20;

let logDirectory = '';
let cloud: LocalCloud | undefined;
let functions: LocalFunctions | undefined;
let live: LivePlatform | undefined;
let browser: Browser | undefined;
let page: Page;
let response: Response | null;
let liveSince = 0;
const requested: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  logDirectory = mkdtempSync(join(tmpdir(), 'live-dashboard-'));
  cloud = await startLocalCloud({ port: 0, azurePort: 0, kafkaIam: true });
  const deployment = await deployLocalPlatform(cloud, { platform });
  functions = await startLocalFunctions(cloud, deployment.functions, { logDirectory });
  await trafficOfAnEarlierDay(cloud);
  liveSince = Date.now();
  live = await startLivePlatform(cloud, deployment, functions, {
    port: 0,
    rate: RATE,
    seed: 5,
    freshMonitorHistory: true,
  });
  browser = await launchChromium();
  page = await watchedPage(browser, problems);
  const origin = new URL(live.url).origin;
  // Anything not from the dashboard itself is recorded and refused.
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    requested.push(url);
    await (new URL(url).origin === origin ? route.continue() : route.abort('blockedbyclient'));
  });
  response = await page.goto(live.url, { waitUntil: 'load' });
});

afterAll(async () => {
  await browser?.close();
  await live?.stop();
  await functions?.stop();
  await cloud?.stop();
  if (logDirectory !== '') rmSync(logDirectory, { recursive: true, force: true });
});

/**
 * What `npm start -- --keep` leaves before going live: the monitor has counted a day that is
 * over. Live traffic then follows hours without any; judged against that history, its first full
 * minute would look like a spike and open an incident that swallows the real burst's alert.
 */
async function trafficOfAnEarlierDay(local: LocalCloud): Promise<void> {
  const source = createEventSource(resolveTopics(platform, ['web-logs', 'access-events']), 11);
  const dayBefore = Date.now() - 86_400_000;
  const messages = Array.from({ length: 300 }, (_, index) =>
    source.next(new Date(dayBefore + index * 1_000)),
  );
  const kafka = new Kafka({ brokers: [local.kafka.bootstrapServers], logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.sendBatch({
      topicMessages: [...new Set(messages.map((message) => message.topic))].map((topic) => ({
        topic,
        messages: messages
          .filter((message) => message.topic === topic)
          .map(({ key, value }) => ({ key, value })),
      })),
    });
  } finally {
    await producer.disconnect();
  }
  const dynamodb = new DynamoDBClient(local.clientConfig);
  const state = dynamoDbTrafficState(dynamodb, trafficStateTableName(platform), 48);
  try {
    await eventually(
      () => state.readClock(),
      (clock) => clock.firstMinute !== undefined && clock.firstMinute < dayBefore + 3_600_000,
      30_000,
    );
  } finally {
    dynamodb.destroy();
  }
}

/** Polls `read` until `accept` holds; fails with the last value after `timeoutMs`. */
async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!accept(value)) {
    if (Date.now() > deadline)
      throw new Error(`still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

const liveFigure = (name: string) => page.locator(`[data-live="${name}"]`).innerText();
const asNumber = (text: string) => Number(text.replace(/,/g, ''));

/** Runs `npm run produce -- …` (its entry point), resolving to its exit code and stderr. */
function produce(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPOSITORY_ROOT, 'scripts/produce-events/cli.ts'), ...args],
      { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

it('serves the page from 127.0.0.1 under the policy, and loads nothing from elsewhere', async () => {
  expect(new URL(live!.url).hostname).toBe('127.0.0.1');
  expect(response?.status()).toBe(200);
  expect(await response?.headerValue('content-security-policy')).toContain(
    LIVE_CONTENT_SECURITY_POLICY,
  );
  await eventually(
    () => page.locator('#connection').getAttribute('data-connection'),
    (state) => state === 'live',
    10_000,
  );
  const paths = requested.map((url) => new URL(url).pathname);
  expect(paths).toEqual(expect.arrayContaining(['/', '/live.js', '/events']));
  expect(requested.every((url) => new URL(url).origin === new URL(live!.url).origin)).toBe(true);
  expect(problems).toEqual([]);
});

it('moves its numbers while events flow', async () => {
  const before = asNumber(await liveFigure('records'));
  const updated = await liveFigure('updated');

  const after = await eventually(
    async () => ({
      records: asNumber(await liveFigure('records')),
      at: await liveFigure('updated'),
    }),
    (figures) => figures.records > before && figures.at !== updated,
    15_000,
  );
  expect(after.records).toBeGreaterThan(before);
  // The monitor counts the current minute as the records arrive.
  await eventually(
    async () => asNumber(await liveFigure('requests-this-minute')),
    (requests) => requests > 0,
    15_000,
  );
  expect(await page.locator('svg[data-chart="requests-per-minute"] [data-value]').count()).toBe(30);
});

it('alerts once on a burst the producer sends, and on no ordinary minute before it', async () => {
  // The burst goes in the minute after one of ordinary live traffic. Judged against the earlier
  // day's history (hours of nothing), that ordinary minute would be a spike, open an incident and
  // swallow the burst's alert. (A minute with under 15 s of live traffic may hold fewer requests
  // than the rule's minimum; the next one is then the ordinary minute.)
  const nextMinute = Math.ceil((liveSince + 1) / 60_000) * 60_000;
  const burstFrom = nextMinute - liveSince < 15_000 ? nextMinute + 60_000 : nextMinute;
  await eventually(
    () => Promise.resolve(Date.now()),
    (now) => now >= burstFrom,
    121_000,
  );
  const brokers = live!.brokers;
  const sent = await produce('--burst', '--brokers', brokers, '--auth', 'none', '--seed', '9');
  expect(sent).toEqual({ code: 0, stderr: expect.stringContaining('bot burst of') as string });
  const [, requests, minute] = /bot burst of (\d+) requests .* in the minute (\d\d:\d\d) UTC/.exec(
    sent.stderr,
  )!;

  await eventually(
    () => liveFigure('bot-alerts'),
    (alerts) => alerts === '1',
    200_000,
  );

  const alertRows = page.locator('tr[data-alert-source="bot-attack"]');
  expect(await alertRows.count()).toBe(1);
  expect(await alertRows.innerText()).toContain(`requests in ${minute} UTC`);
  // The burst's minute is the one flagged on the chart, with at least the burst's requests.
  const flagged = page.locator('svg[data-chart="requests-per-minute"] rect.bar.flagged');
  expect(await flagged.count()).toBe(1);
  const title = await flagged.locator('title').textContent();
  expect(title).toContain(`${minute} UTC`);
  expect(asNumber(/: ([\d,]+) requests/.exec(title ?? '')![1]!)).toBeGreaterThanOrEqual(
    Number(requests),
  );
  expect(await liveFigure('alerts')).toBe('1');
  // The ordinary minute before the burst is closed, and not flagged.
  const closedThrough = await page.locator('[data-live="closed-through"]').getAttribute('data-at');
  expect(Date.parse(closedThrough ?? '')).toBeGreaterThanOrEqual(burstFrom);
  expect(problems).toEqual([]);
});

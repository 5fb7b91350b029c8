/**
 * The live dashboard in a real browser, on the platform running live after an earlier day was
 * counted (as `npm start -- --keep` leaves it): the page loads from 127.0.0.1 with nothing from elsewhere,
 * its numbers move while the producer streams, and a bot burst sent by the real producer CLI
 * (`npm run produce -- --burst`) shows up as one bot-attack alert naming the burst's minute,
 * with that minute flagged on the chart.
 *
 * Minutes are the live clock's: the live producer stamps its records by it, the dashboard reads
 * it and the burst's CLI is given it (`--clock-offset`). It runs ahead of the machine's clock by
 * whole seconds, and the test moves it forward, never back, wherever it would otherwise wait for
 * the wall clock (a producer whose clock steps ahead, which the monitor takes as it comes): to
 * the next minute before going live, so that the first live minute is a whole one; to the
 * burst's minute once that ordinary minute holds the rule's minimum of requests; and, once the
 * burst is sent, past the end of its minute and the allowed lateness after it.
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
import { systemClock, type Clock } from '../../scripts/produce-events/producer-loop';
import { loadPlatform } from '../../infra/platform';
import { deployLocalPlatform } from '../../scripts/local-platform/deploy';
import { LOCAL_ALLOWED_LATENESS_SECONDS } from '../../scripts/local-platform/deploy/traffic-monitor';
import {
  startLocalFunctions,
  type LocalFunctions,
} from '../../scripts/local-platform/lambda-runtime';
import { startLivePlatform, type LivePlatform } from '../../scripts/local-run/live/live-platform';
import { LIVE_CONTENT_SECURITY_POLICY } from '../../scripts/local-run/live/page';
import { REPOSITORY_ROOT } from '../../scripts/shared/repository-root';
import { launchChromium, watchedPage } from '../fixtures/chromium';

// The burst's minute closes once every partition has a record past its allowed lateness: some
// 20 s after the clock is moved there, minutes on a loaded machine.
jest.setTimeout(300_000);

const platform = loadPlatform('dev');
const rule = platform.trafficMonitor.botRule;
/** Enough records for every partition to move every few seconds, well under the bot ceiling. */
const RATE = 20;
const MINUTE_MS = 60_000;

/** How far the live clock runs ahead of the machine's, in whole seconds. */
let ahead = 0;
const clock: Clock = {
  now: () => Date.now() + ahead,
  sleep: (ms, signal) => systemClock.sleep(ms, signal),
};

/** Moves the live clock forward to `at` (to within a second after it), unless it is past. */
function skipTo(at: number): void {
  const behind = at - clock.now();
  if (behind > 0) ahead += Math.ceil(behind / 1_000) * 1_000;
}

const startOfMinute = (at: number) => at - (at % MINUTE_MS);
/** `10:15`: a minute as the page and the CLI name it (UTC). */
const clockTime = (epochMs: number) => new Date(epochMs).toISOString().slice(11, 16);

let logDirectory = '';
let cloud: LocalCloud | undefined;
let functions: LocalFunctions | undefined;
let live: LivePlatform | undefined;
let browser: Browser | undefined;
let page: Page;
let response: Response | null;
let launching: Promise<Browser> | undefined;
/** The first live minute, of ordinary traffic only. */
let ordinaryMinute = 0;
const requested: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  logDirectory = mkdtempSync(join(tmpdir(), 'live-dashboard-'));
  // Chromium starts while the platform comes up; a failure to is reported where it is awaited.
  launching = launchChromium();
  launching.catch(() => undefined);
  cloud = await startLocalCloud({ port: 0, azurePort: 0, kafkaIam: true });
  const deployment = await deployLocalPlatform(cloud, { platform });
  functions = await startLocalFunctions(cloud, deployment.functions, { logDirectory });
  await trafficOfAnEarlierDay(cloud);
  // Live traffic starts with a minute: the ordinary minute has all of it to fill.
  skipTo(startOfMinute(clock.now()) + MINUTE_MS);
  ordinaryMinute = startOfMinute(clock.now());
  live = await startLivePlatform(cloud, deployment, functions, {
    port: 0,
    rate: RATE,
    seed: 5,
    freshMonitorHistory: true,
    clock,
  });
  browser = await launching;
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
  // Closed even when the platform failed to start before the browser was taken.
  browser ??= await launching?.catch(() => undefined);
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
/** The chart's bar for `minute`. */
const minuteBar = (minute: number) =>
  page.locator('svg[data-chart="requests-per-minute"] rect', {
    has: page.locator('title', { hasText: `${clockTime(minute)} UTC:` }),
  });

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
  // swallow the burst's alert, once it holds the rule's minimum of requests: the clock moves on
  // to the burst's minute then.
  await eventually(
    async () => Number(await minuteBar(ordinaryMinute).getAttribute('data-value')),
    (requests) => requests >= rule.minRequests,
    60_000,
  );
  const burstFrom = ordinaryMinute + MINUTE_MS;
  skipTo(burstFrom);
  const brokers = live!.brokers;
  const sent = await produce(
    ...['--burst', '--brokers', brokers, '--auth', 'none', '--seed', '9'],
    ...['--clock-offset', String(ahead / 1_000)],
  );
  expect(sent).toEqual({ code: 0, stderr: expect.stringContaining('bot burst of') as string });
  const [, requests, minute] = /bot burst of (\d+) requests .* in the minute (\d\d:\d\d) UTC/.exec(
    sent.stderr,
  )!;
  // The CLI waits for the next minute when it comes too late in one, hence two candidates.
  const burstMinute = [burstFrom, burstFrom + MINUTE_MS].find((at) => clockTime(at) === minute);
  expect(burstMinute).toBeDefined();
  // All of the burst is in: its minute has nothing left to wait for but its end and the allowed
  // lateness after it. It closes once every partition has a record from then on.
  skipTo(burstMinute! + MINUTE_MS + LOCAL_ALLOWED_LATENESS_SECONDS * 1_000);

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
  // The ordinary minute before the burst is closed, and not flagged, with the rule's minimum of
  // requests or more.
  const closedThrough = await page.locator('[data-live="closed-through"]').getAttribute('data-at');
  expect(Date.parse(closedThrough ?? '')).toBeGreaterThanOrEqual(burstFrom);
  const ordinary = minuteBar(burstMinute! - MINUTE_MS);
  expect(await ordinary.getAttribute('class')).toBe('bar');
  expect(Number(await ordinary.getAttribute('data-value'))).toBeGreaterThanOrEqual(
    rule.minRequests,
  );
  expect(problems).toEqual([]);
});

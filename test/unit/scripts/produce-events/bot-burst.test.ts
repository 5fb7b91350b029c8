import { loadPlatform } from '../../../../infra/platform';
import { judgeMinute } from '../../../../lambdas/traffic-monitor/bot-rule';
import { HELP, USAGE, parseProduceArgs } from '../../../../scripts/produce-events/args';
import {
  BURST_MINUTE_MARGIN_MS,
  BURST_SPREAD_MS,
  botBurstMessages,
  waitBeforeBurst,
} from '../../../../scripts/produce-events/bot-burst';
import { main } from '../../../../scripts/produce-events/main';
import { Random } from '../../../../scripts/produce-events/random';
import { UsageError } from '../../../../scripts/shared/usage-error';
import { ManualClock } from './helpers';

const platform = loadPlatform('dev');
const rule = platform.trafficMonitor.botRule;
const MINUTE = 60_000;
const START = Date.UTC(2026, 11, 7, 10, 15, 3);

describe('botBurstMessages', () => {
  const burst = botBurstMessages(platform, START, new Random(7));
  const records = burst.messages.map(
    (message) => JSON.parse(message.value) as Record<string, unknown>,
  );

  it('goes to the web-logs topic, keyed by its one client', () => {
    expect(burst.topic).toBe('web-logs');
    expect(new Set(burst.messages.map((message) => message.topic))).toEqual(new Set(['web-logs']));
    expect(new Set(burst.messages.map((message) => message.key))).toEqual(
      new Set([burst.clientIp]),
    );
    expect(new Set(records.map((record) => record.client_ip))).toEqual(new Set([burst.clientIp]));
    expect(burst.messages[0]?.headers.dataset).toBe('web_logs');
  });

  it('puts well over the ceiling into one minute, so that minute alone is flagged', () => {
    const minutes = new Set(
      records.map((record) => {
        const at = Date.parse(String(record.request_time));
        return at - (at % MINUTE);
      }),
    );

    expect(minutes).toEqual(new Set([START - (START % MINUTE)]));
    expect(records.length).toBeGreaterThanOrEqual(rule.maxRequestsPerMinute * 1.5);
    // Flagged by the ceiling even with no history at all (the spike rule needs a full window).
    expect(judgeMinute(records.length, [], false, rule).reason).toBe('ceiling');
  });

  it('stamps the records from the start over the spread, in order', () => {
    const times = records.map((record) => Date.parse(String(record.request_time)));

    expect(times[0]).toBe(START);
    expect(Math.max(...times)).toBeLessThan(START + BURST_SPREAD_MS);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('makes every request a distinct line (nothing is taken for a duplicate)', () => {
    expect(new Set(records.map((record) => record.request_id)).size).toBe(records.length);
  });
});

describe('waitBeforeBurst', () => {
  const minute = Date.UTC(2026, 11, 7, 10, 15, 0);

  it('starts at once with room left in the minute', () => {
    expect(waitBeforeBurst(minute)).toBe(0);
    expect(waitBeforeBurst(minute + MINUTE - BURST_MINUTE_MARGIN_MS - BURST_SPREAD_MS)).toBe(0);
  });

  it('waits for the next minute near the end of one', () => {
    expect(waitBeforeBurst(minute + 55_000)).toBe(5_000);
    expect(waitBeforeBurst(minute + MINUTE - 1)).toBe(1);
  });
});

describe('--burst on the command line', () => {
  it('parses alone and with the connection options', () => {
    expect(parseProduceArgs(['--burst', '--auth', 'none', '--brokers', 'localhost:9092'])).toEqual(
      expect.objectContaining({ burst: true, auth: 'none', brokers: ['localhost:9092'] }),
    );
  });

  it.each([
    [['--burst', '--topic', 'purchases'], '--topic'],
    [['--burst', '--count', '5'], '--count'],
    [['--burst', '--duration', '5'], '--duration'],
    [['--burst', '--rate', '10'], '--rate'],
    [['--burst', '--flat'], '--flat'],
  ])('refuses %j, naming %s', (argv, flag) => {
    expect(() => parseProduceArgs(argv)).toThrow(UsageError);
    expect(() => parseProduceArgs(argv)).toThrow(flag);
  });

  it('is in the help', () => {
    expect(parseProduceArgs(['--help'])).toBe(HELP);
    expect(USAGE).toMatch(/^ {2}--burst {15}send one bot-like minute/m);
  });

  it('waits for the next minute, then sends the burst and says which minute', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 10, 15, 55));
    const { code, out, err } = await dryBurst([], clock);

    expect(code).toBe(0);
    expect(clock.sleeps).toEqual([5_000]);
    const sent = out.map(
      (line) => JSON.parse(line) as { topic: string; value: { request_time: string } },
    );
    expect(sent.length).toBeGreaterThanOrEqual(rule.maxRequestsPerMinute * 1.5);
    expect(new Set(sent.map((message) => message.value.request_time.slice(0, 16)))).toEqual(
      new Set(['2026-12-07T10:16']),
    );
    expect(err.join('\n')).toContain('in the minute 10:16 UTC');
    expect(err.at(-1)).toBe(
      `produce: delivered ${sent.length} records (web-logs ${sent.length}); stopped: count`,
    );
  });

  it('waits and stamps by the clock --clock-offset sets ahead', async () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 7, 10, 15, 30));
    const { code, out, err } = await dryBurst(['--clock-offset', '25'], clock);

    expect(code).toBe(0);
    // 10:15:55 on the producer's clock: too late in the minute, so it waits for 10:16.
    expect(clock.sleeps).toEqual([5_000]);
    const times = out.map(
      (line) => (JSON.parse(line) as { value: { request_time: string } }).value.request_time,
    );
    expect(times[0]).toBe('2026-12-07T10:16:00.000Z');
    expect(err.join('\n')).toContain('in the minute 10:16 UTC');
  });
});

/** `produce --burst --dry-run --seed 3` with `extra` arguments on `clock`: its exit code and lines. */
async function dryBurst(extra: readonly string[], clock: ManualClock) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['--burst', '--dry-run', '--seed', '3', ...extra], {
    env: {},
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    stop: new AbortController().signal,
    clock,
  });
  return { code, out, err };
}

/**
 * The bot-attack rule on whole generated days, against what the generator planted: on the medium
 * and the large day no ordinary minute is flagged, and every minute of the injected burst is,
 * from its first. Only the web logs are made (the other datasets change nothing here). (An
 * integration test for its size: the large day still takes seconds.)
 */
import { loadPlatform } from '../../../../infra/platform';
import { judgeMinute } from '../../../../lambdas/traffic-monitor/bot-rule';
import { cleanDataset } from '../../../../scripts/generate-data/generate-day';
import type { WebLog } from '../../../../scripts/generate-data/records';

jest.setTimeout(180_000);

const PLATFORM = loadPlatform('dev');
const RULE = PLATFORM.trafficMonitor.botRule;
const MINUTE_MS = 60_000;

it.each(['medium', 'large'] as const)('%s day: the burst and nothing else', (size) => {
  const day = cleanDataset({ platform: PLATFORM, seed: 42, day: '2026-03-02', size }, 'web_logs');
  const perMinute = new Map<number, number>();
  for (const log of day.kept as WebLog[]) {
    const minute = Math.floor(log.request_time.getTime() / MINUTE_MS) * MINUTE_MS;
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }
  const dayStart = Date.parse('2026-03-02T00:00:00Z');
  const flagged: number[] = [];
  for (let minute = dayStart; minute < dayStart + 1_440 * MINUTE_MS; minute += MINUTE_MS) {
    const trailing = Array.from(
      { length: RULE.trailingMinutes },
      (_, back) => perMinute.get(minute - (back + 1) * MINUTE_MS) ?? 0,
    );
    const fullWindow = minute >= dayStart + RULE.trailingMinutes * MINUTE_MS;
    if (judgeMinute(perMinute.get(minute) ?? 0, trailing, fullWindow, RULE).reason)
      flagged.push(minute);
  }
  expect(flagged).toEqual(
    Array.from(
      { length: day.botBurst.minutes },
      (_, index) => day.botBurst.startMs + index * MINUTE_MS,
    ),
  );
});

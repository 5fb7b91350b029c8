import { bucketName } from '../../../../infra/platform';
import {
  partitionOfObject,
  partitionValues,
} from '../../../../lambdas/register-partitions/partition-path';
import { BURST_MINUTES } from '../../../../scripts/generate-data/bot-burst';
import {
  cleanDataset,
  generateDay,
  regeneratedDay,
} from '../../../../scripts/generate-data/generate-day';
import {
  ACCESS_EVENTS_BY_SIZE,
  datasetCounts,
  type GenerationSize,
} from '../../../../scripts/generate-data/sizes';
import { suspiciousMinutes } from '../../../integration/sql/expected-bot-minutes';
import {
  datasetNamed,
  DAY,
  dayOf,
  HISTORY_DAYS,
  PLATFORM,
  rawDayOf,
  SEED,
  truthByDataset,
} from './helpers';
import { sourceDatasets } from '../../../../infra/platform';
import { UsageError } from '../../../../scripts/shared/usage-error';

const MINUTE_MS = 60_000;
const figuresOf = (name: string, size: 'small' | 'medium' = 'small') =>
  dayOf(size).figures.datasets.find((figures) => figures.dataset === name)!;

describe('generateDay determinism', () => {
  it('gives identical keys and bytes for the same seed', () => {
    const again = generateDay({
      platform: PLATFORM,
      seed: SEED,
      day: DAY,
      size: 'small',
      historyDays: HISTORY_DAYS,
    });
    const first = dayOf('small');
    expect(again.objects.map((object) => object.key)).toEqual(
      first.objects.map((object) => object.key),
    );
    again.objects.forEach((object, index) =>
      expect(object.body.equals(first.objects[index]!.body)).toBe(true),
    );
    expect(again.figures).toEqual(first.figures);
  });

  it('makes the answer key only when it is read, once, and the same as a fresh day', () => {
    const day = generateDay({
      platform: PLATFORM,
      seed: SEED,
      day: DAY,
      size: 'small',
      historyDays: HISTORY_DAYS,
    });
    const descriptor = Object.getOwnPropertyDescriptor(day, 'truth');
    expect(typeof descriptor?.get).toBe('function');
    expect(descriptor?.value).toBeUndefined();
    const truth = day.truth;
    expect(day.truth).toBe(truth);
    expect(truth).toEqual(dayOf('small').truth);
    expect(truth.accessEvents).toHaveLength(
      figuresOf('access_events').records -
        figuresOf('access_events').dirtyRecords -
        figuresOf('access_events').duplicates,
    );
  });

  it("makes one dataset's clean records alone, the same as the answer key's (cleanDataset)", () => {
    const day = dayOf('small');
    for (const [name, kept] of [
      ['web_logs', day.truth.webLogs],
      ['customers', day.truth.customers],
    ] as const) {
      const alone = cleanDataset(
        { platform: PLATFORM, seed: SEED, day: DAY, size: 'small', historyDays: HISTORY_DAYS },
        name,
      );
      expect(alone.kept).toEqual(kept);
      expect(new Date(alone.botBurst.startMs).toISOString()).toBe(day.figures.botBurst.startMinute);
    }
  });

  it('makes a day again from its seed for a caller that dropped the objects (regeneratedDay)', () => {
    const first = dayOf('small');
    const options = {
      platform: PLATFORM,
      seed: SEED,
      day: DAY,
      size: 'small',
      historyDays: HISTORY_DAYS,
    } as const;
    const again = regeneratedDay(options, first.figures);
    expect(again.figures).toBe(first.figures);
    expect(typeof Object.getOwnPropertyDescriptor(again, 'objects')?.get).toBe('function');
    expect(again.objects).toBe(again.objects); // made once
    expect(again.objects.map((object) => [object.key, object.body.toString('base64')])).toEqual(
      first.objects.map((object) => [object.key, object.body.toString('base64')]),
    );
    expect(again.truth).toEqual(first.truth);
  });

  it('gives other records for another seed', () => {
    const other = dayOf('small', SEED + 1);
    expect(other.truth.accessEvents[0]!.event_id).not.toBe(
      dayOf('small').truth.accessEvents[0]!.event_id,
    );
  });

  it('refuses a day that is not a calendar day', () => {
    expect(() =>
      generateDay({ platform: PLATFORM, seed: 1, day: '2026-02-30', size: 'small' }),
    ).toThrow(UsageError);
  });
});

describe('generateDay sizes', () => {
  // The replayed batch repeats drafts; distinct drafts are the records the size asked for.
  const accessDrafts = (size: GenerationSize) =>
    new Set(
      rawDayOf(size)
        .objects.filter((object) => object.dataset === 'access_events')
        .flatMap((object) => object.drafts),
    ).size;

  it.each(['small', 'medium'] as const)('%s has its number of access events', (size) => {
    expect(accessDrafts(size)).toBe(ACCESS_EVENTS_BY_SIZE[size]);
  });

  it('takes a number as the count of access events', () => {
    expect(accessDrafts(500)).toBe(500);
  });

  it('stops background web traffic where ordinary minutes would near the bot ceiling', () => {
    expect(datasetCounts('large', 1000).web_logs).toBe(1000);
    expect(datasetCounts('small', 1_000_000).web_logs).toBe(1.5 * ACCESS_EVENTS_BY_SIZE.small);
  });

  it('orders the sized datasets: web logs, interactions, customers', () => {
    const records = (name: string) => figuresOf(name, 'medium').records;
    expect(records('web_logs')).toBeGreaterThan(records('access_events'));
    expect(records('web_logs')).toBeGreaterThan(records('interactions'));
    expect(records('interactions')).toBeGreaterThan(records('customers'));
  });

  it("takes the day's orders from the customers, whatever the size", () => {
    const orders = (size: 'small' | 'medium') =>
      dayOf(size).truth.transactions.map((line) => line.transaction_id);
    expect(orders('small').length).toBeGreaterThan(20);
    expect(orders('medium')).toEqual(orders('small'));
  });

  it('follows the daily rhythm: the evening is far busier than the small hours', () => {
    const perHour = new Array<number>(24).fill(0);
    for (const event of dayOf('medium').truth.accessEvents)
      perHour[event.event_time.getUTCHours()]! += 1;
    expect(perHour[20]!).toBeGreaterThan(3 * perHour[3]!);
  });
});

describe('generateDay web log lines out of the ordinary', () => {
  const day = dayOf('small');
  const { webLogLines } = day.figures;
  const records = day.truth.webLogs;
  const isHostName = (client: string) => /[a-z]/.test(client) && !client.includes(':');

  it('plants every kind in a small day, without adding lines', () => {
    for (const kept of [
      webLogLines.commonLogFormat,
      webLogLines.dashBytes,
      webLogLines.withoutProtocol,
      webLogLines.nonAsciiPaths,
    ])
      expect(kept).toBeGreaterThan(5);
    expect(Object.keys(webLogLines.rejected).sort()).toEqual(
      [
        'invalid_client_ip',
        'invalid_request_time',
        'invalid_status',
        'malformed_request',
        'not_access_log_format',
        'truncated_line',
      ].map((reason) => `raw_line:${reason}`),
    );
    const rejected = Object.values(webLogLines.rejected).reduce((sum, lines) => sum + lines, 0);
    expect(rejected).toBe(figuresOf('web_logs').dirtyRecords);
    // The replayed batch is the last object; the others hold each line of the day once.
    const originals = rawDayOf('small')
      .objects.filter((object) => object.dataset === 'web_logs')
      .slice(0, -1);
    expect(originals.reduce((sum, object) => sum + object.drafts.length, 0)).toBe(
      datasetCounts('small', Infinity).web_logs + day.figures.botBurst.requests,
    );
  });

  it('records in the answer key what each becomes: host names, no body as 0 bytes, decoded paths', () => {
    const legacy = records.filter((record) => record.user_agent === null);
    expect(legacy).toHaveLength(webLogLines.commonLogFormat);
    expect(legacy.every((record) => isHostName(record.client_ip) && record.referrer === null)).toBe(
      true,
    );
    expect(records.filter((record) => isHostName(record.client_ip))).toHaveLength(
      webLogLines.hostNameClients,
    );
    expect(records.filter((record) => record.bytes_sent === null)).toEqual([]);
    expect(legacy.filter((record) => record.bytes_sent === 0).length).toBe(webLogLines.dashBytes);
    expect(records.filter((record) => /[^\x20-\x7e]/.test(record.url))).toHaveLength(
      webLogLines.nonAsciiPaths,
    );
    // Some host names are longer than any IP address: the warehouse column must hold them.
    expect(Math.max(...legacy.map((record) => record.client_ip.length))).toBeGreaterThan(45);
  });

  it('writes nginx lines with escaped bytes and legacy lines at -0400 without a body as -', () => {
    const lines = rawDayOf('small')
      .objects.filter((object) => object.dataset === 'web_logs')
      .flatMap((object) => object.drafts)
      .filter((draft) => draft.traits !== undefined)
      .map((draft) => String(draft.raw.raw_line));
    expect(lines.some((line) => /"GET \/guides\/[^"]*\\xC3\\x[0-9A-F]{2}/.test(line))).toBe(true);
    expect(
      lines.some((line) => /\[[^\]]+ -0400\] "[A-Z]+ \S+ HTTP\/1\.0" \d{3} -$/.test(line)),
    ).toBe(true);
    expect(lines.some((line) => /\[[^\]]+ -0400\] "GET [^ "]+" \d{3} [\d-]+$/.test(line))).toBe(
      true,
    );
  });
});

describe('generateDay bot burst', () => {
  const ceiling = PLATFORM.trafficMonitor.botRule.maxRequestsPerMinute;
  const flaggedMinutes = (size: 'small' | 'medium') =>
    suspiciousMinutes(dayOf(size).truth.webLogs, PLATFORM.trafficMonitor.botRule);
  const burstMinutes = (size: 'small' | 'medium') => {
    const day = dayOf(size);
    const perMinute = new Map<number, number>();
    for (const log of day.truth.webLogs) {
      if (log.client_ip !== day.figures.botBurst.clientIp) continue;
      const minute = Math.floor(log.request_time.getTime() / MINUTE_MS) * MINUTE_MS;
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
    }
    return perMinute;
  };

  it.each(['small', 'medium'] as const)(
    '%s: one address for consecutive minutes, each well above the ceiling',
    (size) => {
      const { botBurst } = dayOf(size).figures;
      const perMinute = burstMinutes(size);
      const start = Date.parse(botBurst.startMinute);
      expect([...perMinute.keys()].sort()).toEqual(
        Array.from({ length: BURST_MINUTES }, (_, index) => start + index * MINUTE_MS),
      );
      for (const requests of perMinute.values())
        expect(requests).toBeGreaterThanOrEqual(1.5 * ceiling);
      expect([...perMinute.values()].reduce((sum, count) => sum + count, 0)).toBe(
        botBurst.requests,
      );
    },
  );

  it.each(['small', 'medium'] as const)(
    '%s: the burst minutes are the only ones over the ceiling',
    (size) => {
      const overCeiling = flaggedMinutes(size).filter((minute) => minute.reason !== 'spike');
      expect(overCeiling.map((minute) => minute.minute.getTime())).toEqual(
        [...burstMinutes(size).keys()].sort(),
      );
    },
  );

  it('flags nothing but the burst in a small day (too few requests for a spike)', () => {
    expect(flaggedMinutes('small').map((minute) => minute.minute.getTime())).toEqual(
      [...burstMinutes('small').keys()].sort(),
    );
  });
});

describe('generateDay figures and truth', () => {
  const day = dayOf('small');
  const raw = rawDayOf('small');

  it.each(sourceDatasets(PLATFORM).map((dataset) => dataset.name))(
    '%s: written = kept + rejected + duplicates, and the truth holds each id once',
    (name) => {
      const figures = day.figures.datasets.find((candidate) => candidate.dataset === name)!;
      const drafts = raw.objects
        .filter((object) => object.dataset === name)
        .flatMap((object) => object.drafts);
      const truth = truthByDataset(day)[name]!;
      const idColumn = datasetNamed(name).recordIdColumn;
      expect(figures.records).toBe(drafts.length);
      expect(figures.dirtyRecords).toBe(drafts.filter((draft) => !draft.outcome.kept).length);
      expect(figures.dirtyRecords).toBeGreaterThan(0);
      expect(truth.length).toBe(figures.records - figures.dirtyRecords - figures.duplicates);
      expect(
        new Set(truth.map((record) => (record as Record<string, unknown>)[idColumn])).size,
      ).toBe(truth.length);
      const ofTheDay = day.objects.filter((object) => object.dataset === name && !object.history);
      expect(figures.objects).toBe(ofTheDay.length);
      expect(figures.bytes).toBe(ofTheDay.reduce((sum, object) => sum + object.body.length, 0));
    },
  );

  it('replays one micro-batch of every stream dataset', () => {
    for (const dataset of sourceDatasets(PLATFORM)) {
      expect(figuresOf(dataset.name).duplicates > 0).toBe(dataset.arrival === 'stream');
    }
  });

  it('counts the rejected e-mails', () => {
    const emails = raw.objects
      .flatMap((object) => object.drafts)
      .filter((draft) => !draft.outcome.kept && draft.outcome.reason.startsWith('email:')).length;
    expect(day.figures.badEmails).toBe(emails);
    expect(emails).toBeGreaterThan(0);
  });

  it('keeps every record inside the day', () => {
    const start = Date.parse(`${DAY}T00:00:00Z`);
    const times = [
      ...day.truth.accessEvents.map((record) => record.event_time),
      ...day.truth.webLogs.map((record) => record.request_time),
      ...day.truth.transactions.map((record) => record.transaction_time),
      ...day.truth.interactions.map((record) => record.interaction_time),
      ...day.truth.customers.map((record) => record.updated_at),
    ].map((time) => time.getTime() - start);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...times)).toBeLessThan(24 * 60 * MINUTE_MS);
  });
});

describe('generateDay key layout', () => {
  const LAKE = { account: '123456789012', region: 'eu-west-1' };
  const bucket = bucketName(PLATFORM, 'raw', LAKE.account, LAKE.region);

  it('names every object as a partition of its dataset in the raw bucket', () => {
    const day = dayOf('small');
    for (const object of day.objects.filter((candidate) => !candidate.history)) {
      const dataset = datasetNamed(object.dataset);
      const placed = partitionOfObject(PLATFORM, LAKE, bucket, object.key);
      if (placed.action === 'register') {
        expect(placed.partition.table.dataset.name).toBe(object.dataset);
        expect(placed.partition.table.zone).toBe('raw');
      } else {
        // Projected tables (web logs) are not registered, but their folders are the same.
        expect(placed.reason).toBe('projected-partitions');
        expect(partitionValues(dataset, object.key.split('/').slice(1))).toHaveProperty('values');
      }
      expect(object.key).toMatch(/\/part-\d{5}-[0-9a-f-]{36}\.c000\.json$/);
      expect(object.key).toContain('year=2026/month=03/day=02');
    }
  });

  it('writes several micro-batches per hour for hourly datasets and one object for customers', () => {
    const day = dayOf('small');
    const perHour = new Map<string, number>();
    for (const object of day.objects.filter((candidate) => candidate.dataset === 'access_events')) {
      const hour = /hour=(\d{2})/.exec(object.key)![1]!;
      perHour.set(hour, (perHour.get(hour) ?? 0) + 1);
    }
    expect(perHour.size).toBe(24);
    expect(Math.min(...perHour.values())).toBeGreaterThanOrEqual(2);
    expect(day.objects.filter((object) => object.dataset === 'customers')).toHaveLength(1);
  });

  it('writes JSON lines whose count matches the object', () => {
    for (const object of dayOf('small').objects) {
      const lines = object.body.toString('utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(object.records);
      for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });
});

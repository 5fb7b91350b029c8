import { WindowContentionError } from '../../../../lambdas/traffic-monitor/errors';
import type { MinuteSummary } from '../../../../lambdas/traffic-monitor/minute-close';
import { MINUTE_MS } from '../../../../lambdas/traffic-monitor/minute-tally';
import {
  monitorBatch,
  watermark,
  type MonitorPorts,
} from '../../../../lambdas/traffic-monitor/monitor';
import { mskEvent, type KafkaRecordSpec } from '../../../fixtures/msk-events';
import { InMemoryTrafficState } from './in-memory-traffic-state';
import { DAY, Stream, minutes, ordinary, settings } from './traffic-stream';

interface Harness {
  readonly state: InMemoryTrafficState;
  /** The closed minute's summary, as emitted. */
  readonly at: (minute: number) => MinuteSummary | undefined;
  readonly alerts: MinuteSummary[];
  readonly emitted: MinuteSummary[];
  readonly ports: MonitorPorts;
  failAlerts: number;
}

function harness(): Harness {
  const state = new InMemoryTrafficState();
  const h: Harness = {
    state,
    at: (minute) => h.emitted.find((summary) => summary.minute === DAY + minute * MINUTE_MS),
    alerts: [],
    emitted: [],
    failAlerts: 0,
    ports: undefined as unknown as MonitorPorts,
  };
  // The wall clock: the day after the traffic, moving 10 ms a call.
  let now = DAY + 2 * 86_400_000;
  (h as { ports: MonitorPorts }).ports = {
    state,
    putAlert: (summary) => {
      if (h.failAlerts > 0) {
        h.failAlerts -= 1;
        return Promise.reject(new Error('EventBridge unavailable'));
      }
      h.alerts.push(summary);
      return Promise.resolve();
    },
    emitMinute: (summary) => h.emitted.push(summary),
    now: () => (now += 10),
  };
  return h;
}

async function deliver(h: Harness, records: readonly KafkaRecordSpec[], batchSize = 400) {
  for (let start = 0; start < records.length; start += batchSize)
    await monitorBatch(mskEvent(records.slice(start, start + batchSize)), settings, h.ports);
}

describe('the traffic monitor core', () => {
  it('raises one alert for a burst of several minutes, from its first minute, with the top client', async () => {
    const h = harness();
    const stream = new Stream();
    const records = minutes(stream, 0, 60, (m) => (m >= 30 && m < 34 ? 950 : ordinary(m)));
    await deliver(h, records);

    expect(h.alerts).toHaveLength(1);
    const [alert] = h.alerts;
    expect(alert!.minute).toBe(DAY + 30 * MINUTE_MS);
    expect(alert!.requests).toBe(950);
    expect(alert!.reason).toBe('ceiling_and_spike');
    expect(alert!.topClients[0]).toEqual({ client: '2001:db8::b07', requests: 855 });
    const flagged = h.emitted.filter((s) => s.reason !== undefined);
    expect(flagged.map((s) => (s.minute - DAY) / MINUTE_MS)).toEqual([30, 31, 32, 33]);
    expect(h.state.closed?.pendingAlerts).toEqual([]);
    // Every ordinary minute closed and judged, none flagged. The slowest partition reached
    // 59:30, so with a minute of lateness minute 57 is the last that can no longer change.
    expect(h.state.closed?.closedThrough).toBe(DAY + 57 * MINUTE_MS);
    expect(h.emitted).toHaveLength(58);
  });

  it('counts every record exactly once when batches are delivered twice or overlap', async () => {
    const once = harness();
    const twice = harness();
    const records = minutes(new Stream(), 0, 30, ordinary);
    await deliver(once, records, 250);
    // Every batch twice, and a longer batch overlapping the ones before it.
    for (let start = 0; start < records.length; start += 250) {
      const batch = records.slice(start, start + 250);
      await monitorBatch(mskEvent(batch), settings, twice.ports);
      await monitorBatch(mskEvent(batch), settings, twice.ports);
      await monitorBatch(
        mskEvent(records.slice(Math.max(0, start - 100), start + 250)),
        settings,
        twice.ports,
      );
    }
    const requests = (h: Harness) => h.emitted.map((s) => [s.minute, s.requests]);
    expect(requests(twice)).toEqual(requests(once));
    expect(requests(once).map(([, count]) => count)).toEqual(
      Array.from({ length: requests(once).length }, (_, m) => ordinary(m)),
    );
    expect(twice.emitted).toHaveLength(once.emitted.length);
  });

  it('puts the alert once when putting it failed and the batch is delivered again', async () => {
    const h = harness();
    const records = minutes(new Stream(), 0, 40, (m) => (m === 25 ? 900 : ordinary(m)));
    h.failAlerts = 1;
    let failures = 0;
    for (let start = 0; start < records.length; start += 400) {
      const event = mskEvent(records.slice(start, start + 400));
      await monitorBatch(event, settings, h.ports).catch(async () => {
        failures += 1;
        await monitorBatch(event, settings, h.ports);
      });
    }
    expect(failures).toBe(1);
    expect(h.alerts.map((a) => a.minute)).toEqual([DAY + 25 * MINUTE_MS]);
    // Kept as pending through the failure, then cleared once put; the minute's metrics once.
    expect(h.state.closed?.pendingAlerts).toEqual([]);
    expect(h.emitted.filter((s) => s.minute === DAY + 25 * MINUTE_MS)).toHaveLength(1);
  });

  it('opens a new incident only after the quiet minutes', async () => {
    const h = harness();
    const bursts = new Set([20, 23, 40]);
    await deliver(
      h,
      minutes(new Stream(), 0, 60, (m) => (bursts.has(m) ? 900 : ordinary(m))),
    );
    // 23 is 3 minutes after 20: the same incident. 40 is long after: a new one.
    expect(h.alerts.map((a) => (a.minute - DAY) / MINUTE_MS)).toEqual([20, 40]);
    expect(h.at(23)?.incident?.start).toBe(DAY + 20 * MINUTE_MS);
    expect(h.at(29)?.incident).toBeUndefined();
  });

  it('does not judge by the Poisson rule before a full trailing window', async () => {
    const h = harness();
    // A quiet start, then a jump at minute 5 that would be a spike with history, below the ceiling.
    await deliver(
      h,
      minutes(new Stream(), 0, 40, (m) => (m === 5 ? 300 : 10)),
    );
    expect(h.at(5)?.poissonZ).toBeNull();
    expect(h.alerts).toHaveLength(0);
  });

  it('reports malformed records by position and late records, and counts neither', async () => {
    const h = harness();
    const stream = new Stream();
    const records = minutes(stream, 0, 20, () => 10);
    records.push(stream.raw('web-logs', 0, 'this is not JSON {'));
    records.push(stream.raw('web-logs', 1, '{"note":"a record without its event time"}'));
    await deliver(h, records, 10_000);
    const lateRecord = stream.request(DAY + 2 * MINUTE_MS, '10.9.9.9', 0);
    const outcome = await monitorBatch(mskEvent([lateRecord]), settings, h.ports);
    expect(outcome.late).toBe(1);
    expect(h.at(2)?.requests).toBe(10);

    const bad = await monitorBatch(
      mskEvent([stream.raw('access-events', 1, '[1,2]'), stream.raw('access-events', 1, '')]),
      settings,
      h.ports,
    );
    expect(bad.malformed).toEqual([
      {
        topic: 'access-events',
        partition: 1,
        offset: expect.any(Number),
        reason: 'not a JSON object',
      },
      { topic: 'access-events', partition: 1, offset: expect.any(Number), reason: 'no value' },
    ]);
  });

  it('holds minutes open for a partition that is behind, until it has been quiet for the idle time', () => {
    const now = DAY + 86_400_000;
    const progress = {
      'web-logs:0': DAY + 30 * MINUTE_MS,
      'web-logs:1': DAY + 30 * MINUTE_MS,
      'access-events:0': DAY + 30 * MINUTE_MS,
      'access-events:1': DAY + 12 * MINUTE_MS,
    };
    const seen = { 'web-logs:0': now, 'web-logs:1': now, 'access-events:0': now };
    const clock = {
      progress,
      firstMinute: DAY,
      version: 0,
      closed: undefined,
      startedAt: now - 60_000,
    };
    // Behind by 18 minutes but seen a minute ago: it holds the minutes (its records are coming).
    expect(
      watermark({ ...clock, seen: { ...seen, 'access-events:1': now - 60_000 } }, settings, now),
    ).toBe(DAY + 11 * MINUTE_MS);
    // Quiet for longer than the idle time: it no longer does.
    expect(
      watermark({ ...clock, seen: { ...seen, 'access-events:1': now - 400_000 } }, settings, now),
    ).toBe(DAY + 29 * MINUTE_MS);
    // Never seen: it holds them for the idle time after the monitor started, then not.
    const unseen: Record<string, number> = { ...progress };
    delete unseen['access-events:1'];
    expect(watermark({ ...clock, progress: unseen, seen }, settings, now)).toBe(
      Number.NEGATIVE_INFINITY,
    );
    expect(
      watermark({ ...clock, progress: unseen, seen, startedAt: now - 400_000 }, settings, now),
    ).toBe(DAY + 29 * MINUTE_MS);
  });

  it('takes a record dated far ahead of the clock as malformed, so it cannot close the minutes still coming', async () => {
    const h = harness();
    const stream = new Stream();
    const ahead = stream.request(DAY + 5 * 86_400_000, '10.6.6.6', 0);
    const outcome = await monitorBatch(
      mskEvent([ahead, ...minutes(stream, 0, 3, () => 5)]),
      settings,
      h.ports,
    );
    expect(outcome.malformed).toEqual([
      expect.objectContaining({ reason: 'event time more than 15 minutes ahead of the clock' }),
    ]);
    // Its partition's progress is that of the real records, so the minutes close as they would.
    expect(h.state.progress['web-logs:0']).toBeLessThan(DAY + 3 * MINUTE_MS);
    expect(h.emitted.map((s) => (s.minute - DAY) / MINUTE_MS)).toEqual([0]);
  });

  it('fails the batch with a clear error when a window keeps changing under it', async () => {
    const h = harness();
    const original = h.state.writeWindow.bind(h.state);
    h.state.writeWindow = () => Promise.resolve(false);
    await expect(
      monitorBatch(mskEvent(minutes(new Stream(), 0, 1, () => 3)), settings, h.ports),
    ).rejects.toThrow(WindowContentionError);
    h.state.writeWindow = original;
  });

  it('emits nothing when another closer moved the clock first', async () => {
    const h = harness();
    h.state.advanceClosed = () => Promise.resolve(false);
    const outcome = await monitorBatch(
      mskEvent(minutes(new Stream(), 0, 30, ordinary)),
      settings,
      h.ports,
    );
    expect(outcome.closedMinutes).toBe(false);
    expect(h.emitted).toHaveLength(0);
    expect(outcome.windowsWritten).toBe(60);
  });

  it('writes new windows without reading them first, and reads a window it finds there', async () => {
    const h = harness();
    const stream = new Stream();
    await monitorBatch(mskEvent(minutes(stream, 0, 10, () => 5)), settings, h.ports);
    expect(h.state.calls.get('readWindow') ?? 0).toBe(0);
    expect(h.state.calls.get('writeWindow')).toBe(20);
    // Minute 9 again (a later record of it): its windows exist, so they are read and added to.
    await monitorBatch(
      mskEvent([stream.request(DAY + 9 * MINUTE_MS + 59_000, '10.1.1.1')]),
      settings,
      h.ports,
    );
    expect(h.state.calls.get('readWindow')).toBe(1);
    expect(h.state.windows.get(`${DAY + 9 * MINUTE_MS}|web-logs`)?.counts.requests).toBe(6);
  });
});

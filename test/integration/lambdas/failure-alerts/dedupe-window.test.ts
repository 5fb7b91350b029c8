import {
  processAlertEvent,
  type AlertOutcome,
} from '../../../../lambdas/failure-alerts/alert-processor';
import { SCHEDULED_EVENT, glueJobEvent } from '../../../fixtures/events/failure-alerts';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  WINDOW_SECONDS,
  alertDependencies,
  dedupeItems,
  receiveNotifications,
  setUpAlerting,
  sharedClock,
  type Alerting,
  type TestClock,
} from './alert-fixtures';

const cloud = useLocalCloud();
let alerting: Alerting;
let clock: TestClock;
beforeEach(async () => {
  alerting = await setUpAlerting(cloud());
  clock = sharedClock(cloud());
});

const failure = (index: number) => glueJobEvent({ jobRunId: `jr_${index}` }, `event-${index}`);

/** `count` identical failures, invoked concurrently in groups, the clock moving between groups. */
async function storm(
  count: number,
  groupSize: number,
  msBetweenGroups: number,
): Promise<AlertOutcome[]> {
  const { deps } = alertDependencies(alerting, clock);
  const outcomes: AlertOutcome[] = [];
  for (let start = 0; start < count; start += groupSize) {
    const group = Array.from({ length: Math.min(groupSize, count - start) }, (_, i) => start + i);
    outcomes.push(
      ...(await Promise.all(group.map((index) => processAlertEvent(failure(index), deps)))),
    );
    clock.advance(msBetweenGroups);
  }
  return outcomes;
}

async function flush() {
  const { deps } = alertDependencies(alerting, clock);
  return processAlertEvent({ ...SCHEDULED_EVENT, time: clock.now().toISOString() }, deps);
}

describe('an alert storm', () => {
  it('1,000 identical failures within a minute: one message, then one summary of 999 after the window', async () => {
    const outcomes = await storm(1000, 100, 5_000);

    const during = await receiveNotifications(alerting);
    expect(outcomes.filter((o) => o.outcome === 'published')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'counted')).toHaveLength(999);
    expect(during).toHaveLength(1);
    expect(during[0]!.json.kind).toBe('alert');
    const [item] = await dedupeItems(alerting);
    expect(item?.occurrences).toEqual({ N: '1000' });
    expect(item?.reported).toEqual({ N: '1' });

    expect(await flush()).toMatchObject({ outcome: 'flushed', summaries: 0 });
    clock.advance(WINDOW_SECONDS * 1000);
    const flushed = await flush();

    const after = await receiveNotifications(alerting);
    expect(flushed).toMatchObject({ outcome: 'flushed', summaries: 1 });
    expect(after).toHaveLength(1);
    expect(after[0]!.json).toMatchObject({ kind: 'summary', repeats: { count: 999 } });
    expect(after[0]!.subject).toMatch(/^\[dev\] 999 more: Glue job /);
    expect(after[0]!.message.split('\n')[0]).toMatch(/^999 more occurrences since /);
    expect(await dedupeItems(alerting)).toHaveLength(0);
    expect(await flush()).toMatchObject({ summaries: 0, scanned: 0 });
    expect(await receiveNotifications(alerting)).toHaveLength(0);
  });

  it('concurrent flushes of one closed window send its summary once', async () => {
    await storm(20, 20, 0);
    await receiveNotifications(alerting);
    clock.advance(WINDOW_SECONDS * 1000 + 1);

    const results = await Promise.all(Array.from({ length: 8 }, () => flush()));

    const summaries = await receiveNotifications(alerting);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.json.repeats?.count).toBe(19);
    expect(results.reduce((sum, r) => sum + ('summaries' in r ? r.summaries : 0), 0)).toBe(1);
  });
});

describe('window boundaries', () => {
  it('a repeat after the window, before any flush, reports the old window and opens a new one', async () => {
    await storm(5, 5, 0);
    await receiveNotifications(alerting);
    clock.advance(WINDOW_SECONDS * 1000);

    const outcome = await processAlertEvent(failure(99), alertDependencies(alerting, clock).deps);

    const notifications = await receiveNotifications(alerting);
    expect(outcome.outcome).toBe('published');
    expect(notifications.map((n) => n.json.kind)).toEqual(['summary', 'alert']);
    expect(notifications[0]!.json.repeats?.count).toBe(4);
    const [item] = await dedupeItems(alerting);
    expect(item?.occurrences).toEqual({ N: '1' });
    expect(item?.windowStart).toEqual({ N: String(clock.now().getTime()) });
  });

  it('a window without repeats closes silently and the next failure is published at once', async () => {
    const { deps } = alertDependencies(alerting, clock);
    await processAlertEvent(failure(1), deps);
    clock.advance(WINDOW_SECONDS * 1000);

    await flush();
    const next = await processAlertEvent(failure(2), deps);

    expect(next.outcome).toBe('published');
    expect((await receiveNotifications(alerting)).map((n) => n.json.kind)).toEqual([
      'alert',
      'alert',
    ]);
  });

  it('a repeat at the last millisecond of the window is counted, at its end it opens a new window', async () => {
    const { deps } = alertDependencies(alerting, clock);
    await processAlertEvent(failure(1), deps);

    clock.advance(WINDOW_SECONDS * 1000 - 1);
    const inside = await processAlertEvent(failure(2), deps);
    clock.advance(1);
    const atEnd = await processAlertEvent(failure(3), deps);

    expect(inside.outcome).toBe('counted');
    expect(atEnd.outcome).toBe('published');
    expect((await receiveNotifications(alerting)).map((n) => n.json.kind)).toEqual([
      'alert',
      'summary',
      'alert',
    ]);
  });

  it('a TTL-expired item no longer blocks a new window', async () => {
    const { deps } = alertDependencies(alerting, clock);
    await processAlertEvent(failure(1), deps);
    clock.advance(WINDOW_SECONDS * 1000 + 2 * 86_400_000);

    expect(await dedupeItems(alerting)).toHaveLength(0);
    expect((await processAlertEvent(failure(2), deps)).outcome).toBe('published');
  });
});

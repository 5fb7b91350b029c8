import { ALERT_PUBLISHED_LOG_MESSAGE } from '../../../../infra/aws/facts/alerting';
import {
  MAX_ATTEMPTS,
  processAlertEvent,
  type AlertDependencies,
} from '../../../../lambdas/failure-alerts/alert-processor';
import { loadAlertConfig } from '../../../../lambdas/failure-alerts/config';
import type { WindowItem } from '../../../../lambdas/failure-alerts/dedupe-window';
import {
  DedupeContentionError,
  FlushIncompleteError,
} from '../../../../lambdas/failure-alerts/errors';
import type { Notification } from '../../../../lambdas/failure-alerts/message';
import type { Publish } from '../../../../lambdas/failure-alerts/publish';
import { LEASE_MS } from '../../../../lambdas/failure-alerts/window-close';
import {
  SCHEDULED_EVENT,
  botAttackEvent,
  glueJobEvent,
} from '../../../fixtures/events/failure-alerts';
import { recordingLogger, recordingMetrics } from '../../../fixtures/recording-observability';
import { InMemoryDedupeWindows } from './in-memory-dedupe-windows';

const WINDOW_SECONDS = 300;
const START = Date.parse('2026-03-08T18:00:00Z');

const failure = (index: number) => glueJobEvent({ jobRunId: `jr_${index}` }, `event-${index}`);

function setUp() {
  const windows = new InMemoryDedupeWindows();
  const sent: Notification[] = [];
  const sleeps: number[] = [];
  let clock = START;
  const { logger, logs } = recordingLogger();
  const { metrics, sum } = recordingMetrics();
  const publishing: Publish = (notification) => {
    sent.push(notification);
    return Promise.resolve(`message-${sent.length}`);
  };
  const deps = (publish: Publish = publishing): AlertDependencies => ({
    config: loadAlertConfig({
      PLATFORM_ENV: 'dev',
      ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:hybrid-lake-dev-alerts',
      DEDUPE_TABLE_NAME: 'unused-by-the-fake',
      DEDUPE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      RUNBOOK_BASE_URL: 'docs/runbooks',
    }),
    sns: undefined as never,
    dedupeWindows: windows,
    logger,
    metrics,
    now: () => new Date(clock),
    publish,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    // The supremum of the jitter: each pause is its bound.
    random: () => 1,
  });
  return {
    windows,
    sent,
    sleeps,
    logs,
    sum,
    deps,
    advance: (ms: number) => (clock += ms),
    flush: (publish?: Publish) =>
      processAlertEvent({ ...SCHEDULED_EVENT, time: new Date(clock).toISOString() }, deps(publish)),
  };
}

describe('an occurrence', () => {
  it('opens a window and is published; repeats inside it are counted, not sent', async () => {
    const { windows, sent, sum, deps } = setUp();

    const outcomes = await Promise.all([1, 2, 3].map((i) => processAlertEvent(failure(i), deps())));

    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['counted', 'counted', 'published']);
    expect(sent.map((n) => n.kind)).toEqual(['alert']);
    const fingerprint = sent[0]!.alert.fingerprint;
    expect(windows.get(fingerprint)).toMatchObject({
      occurrences: 3,
      reported: 1,
      windowEnd: START + WINDOW_SECONDS * 1000,
    });
    expect(sum('AlertsPublished')).toBe(1);
    expect(sum('RepeatsCounted')).toBe(2);
  });

  it('logs what it published with its source, resource and severity (the dashboard reads them)', async () => {
    const { logs, deps } = setUp();

    await processAlertEvent(failure(1), deps());

    const published = logs.filter((log) => log.message === ALERT_PUBLISHED_LOG_MESSAGE);
    expect(published).toHaveLength(1);
    expect(published[0]!.extra[0]).toMatchObject({
      source: 'glue-job',
      resource: failure(1).detail.jobName,
      severity: expect.any(String),
    });
  });

  it('twenty at once: one message, nineteen counted', async () => {
    const { sent, deps } = setUp();

    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => processAlertEvent(failure(i), deps())),
    );

    expect(outcomes.filter((o) => o.outcome === 'published')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'counted')).toHaveLength(19);
    expect(sent).toHaveLength(1);
  });

  it('of a bot attack: a redelivery of the incident is counted, a later incident is published', async () => {
    const { sent, deps } = setUp();
    const incident = (id: string, minute: string, eventId: string) =>
      botAttackEvent({ incidentId: id, minute: `${minute}:00.000Z` }, eventId);

    const outcomes = [
      await processAlertEvent(incident('2026-03-08T17:58Z', '2026-03-08T17:58', 'e-1'), deps()),
      await processAlertEvent(incident('2026-03-08T17:58Z', '2026-03-08T17:58', 'e-1'), deps()),
      await processAlertEvent(incident('2026-03-08T18:03Z', '2026-03-08T18:03', 'e-2'), deps()),
    ];

    expect(outcomes.map((o) => o.outcome)).toEqual(['published', 'counted', 'published']);
    expect(sent.map((n) => [n.kind, n.alert.source, n.alert.details.incidentId])).toEqual([
      ['alert', 'bot-attack', '2026-03-08T17:58Z'],
      ['alert', 'bot-attack', '2026-03-08T18:03Z'],
    ]);
  });

  it('that reports no failure opens no window', async () => {
    const { windows, sent, deps } = setUp();

    const outcome = await processAlertEvent(glueJobEvent({ state: 'SUCCEEDED' }), deps());

    expect(outcome.outcome).toBe('ignored');
    expect(windows.size).toBe(0);
    expect(sent).toEqual([]);
  });

  it('after the window, before a flush: the old window is summarised first, then a new one opens', async () => {
    const { windows, sent, deps, advance } = setUp();
    for (const i of [1, 2, 3]) await processAlertEvent(failure(i), deps());
    advance(WINDOW_SECONDS * 1000);

    const outcome = await processAlertEvent(failure(4), deps());

    expect(outcome.outcome).toBe('published');
    expect(sent.map((n) => n.kind)).toEqual(['alert', 'summary', 'alert']);
    expect(sent[1]).toMatchObject({ repeats: { count: 2 } });
    expect(windows.get(sent[0]!.alert.fingerprint)).toMatchObject({
      windowStart: START + WINDOW_SECONDS * 1000,
      occurrences: 1,
    });
  });

  it('whose publish fails takes its window back, so the retried event is published, not counted', async () => {
    const { windows, sent, deps } = setUp();
    const refused: Publish = () => Promise.reject(new Error('KMS key refused'));

    await expect(processAlertEvent(failure(1), deps(refused))).rejects.toThrow('KMS key refused');
    expect(windows.size).toBe(0);
    const retried = await processAlertEvent(failure(1), deps());

    expect(retried.outcome).toBe('published');
    expect(sent).toHaveLength(1);
  });

  it('waits with growing pauses while another reporter holds the closed window, then gives the event back', async () => {
    const { windows, sent, sleeps, deps } = setUp();
    await processAlertEvent(failure(1), deps());
    const held: WindowItem = {
      ...windows.get(sent[0]!.alert.fingerprint)!,
      windowEnd: START,
      occurrences: 5,
      leaseUntil: START + LEASE_MS,
    };
    windows.put(held);

    await expect(processAlertEvent(failure(2), deps())).rejects.toBeInstanceOf(
      DedupeContentionError,
    );
    expect(sleeps).toEqual(Array.from({ length: MAX_ATTEMPTS }, (_, i) => 50 * 2 ** i));
    expect(windows.get(held.fingerprint)).toEqual(held);
    expect(sent).toHaveLength(1);
  });

  it('draws each pause at random below its bound, so contending invocations drift apart', async () => {
    const { windows, sent, sleeps, deps } = setUp();
    await processAlertEvent(failure(1), deps());
    windows.put({
      ...windows.get(sent[0]!.alert.fingerprint)!,
      windowEnd: START,
      occurrences: 5,
      leaseUntil: START + LEASE_MS,
    });

    await expect(
      processAlertEvent(failure(2), { ...deps(), random: () => 0.5 }),
    ).rejects.toBeInstanceOf(DedupeContentionError);
    expect(sleeps).toEqual([25, 50, 100, 200, 400]);
  });
});

describe('the scheduled flush', () => {
  it('summarises a closed window once and removes it; one without repeats closes silently', async () => {
    const { windows, sent, sum, deps, advance, flush } = setUp();
    for (const i of [1, 2, 3]) await processAlertEvent(failure(i), deps());
    await processAlertEvent(glueJobEvent({ jobName: 'other-job' }), deps());

    expect(await flush()).toMatchObject({ outcome: 'flushed', scanned: 0 });
    advance(WINDOW_SECONDS * 1000);
    const flushed = await flush();

    expect(flushed).toEqual({ outcome: 'flushed', scanned: 2, summaries: 1, removed: 1, busy: 0 });
    expect(sent.map((n) => n.kind)).toEqual(['alert', 'alert', 'summary']);
    expect(sent[2]).toMatchObject({ repeats: { count: 2 } });
    expect(windows.size).toBe(0);
    expect(sum('SummariesPublished')).toBe(1);
  });

  it('that cannot publish keeps the count, releases the lease, fails loudly, and the next flush reports it', async () => {
    const { windows, sent, logs, deps, advance, flush } = setUp();
    for (const i of [1, 2, 3]) await processAlertEvent(failure(i), deps());
    const fingerprint = sent[0]!.alert.fingerprint;
    advance(WINDOW_SECONDS * 1000);

    await expect(flush(() => Promise.reject(new Error('SNS down')))).rejects.toBeInstanceOf(
      FlushIncompleteError,
    );
    expect(windows.get(fingerprint)).toMatchObject({ occurrences: 3, reported: 1 });
    expect(windows.get(fingerprint)?.leaseUntil).toBeUndefined();
    expect(logs.filter((log) => log.level === 'error')).toHaveLength(1);
    const next = await flush();

    expect(next).toMatchObject({ summaries: 1 });
    expect(sent.map((n) => n.kind)).toEqual(['alert', 'summary']);
    expect(windows.size).toBe(0);
  });

  it('leaves a window another reporter holds for a later flush', async () => {
    const { windows, sent, deps, advance, flush } = setUp();
    for (const i of [1, 2]) await processAlertEvent(failure(i), deps());
    advance(WINDOW_SECONDS * 1000);
    const fingerprint = sent[0]!.alert.fingerprint;
    windows.put({ ...windows.get(fingerprint)!, leaseUntil: START + WINDOW_SECONDS * 1000 + 1 });

    expect(await flush()).toMatchObject({ scanned: 1, summaries: 0, busy: 1 });
    advance(LEASE_MS);
    expect(await flush()).toMatchObject({ scanned: 1, summaries: 1 });
    expect(windows.size).toBe(0);
  });
});

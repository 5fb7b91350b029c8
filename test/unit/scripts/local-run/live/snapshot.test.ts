import type { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { loadPlatform } from '../../../../../infra/platform';
import {
  emptyCounts,
  type WindowCounts,
} from '../../../../../lambdas/traffic-monitor/window-counts';
import type { LocalDeployment } from '../../../../../scripts/local-platform/deployment';
import {
  AUDIENCE_MINUTES,
  LIVE_MINUTES,
  readLiveSnapshot,
  type LiveSources,
} from '../../../../../scripts/local-run/live/snapshot';
import { InMemoryTrafficState } from '../../../lambdas/traffic-monitor/in-memory-traffic-state';
import {
  DAY,
  Stream,
  minutes,
  ordinary,
  settings,
} from '../../../lambdas/traffic-monitor/traffic-stream';
import { monitorBatch } from '../../../../../lambdas/traffic-monitor/monitor';
import { mskEvent } from '../../../../fixtures/msk-events';

const platform = loadPlatform('dev');
const rule = platform.trafficMonitor.botRule;
const MINUTE = 60_000;
const NOW = Date.UTC(2026, 11, 7, 10, 30, 20);
const CURRENT = NOW - (NOW % MINUTE);
const minuteAgo = (minutes: number) => CURRENT - minutes * MINUTE;

/** Requests of each minute, as the monitor counted them into its windows. */
function requestsWindow(requests: number): WindowCounts {
  return { ...emptyCounts(), requests, clients: { '192.0.2.1': requests } };
}

function audienceWindow(devices: Record<string, number>): WindowCounts {
  const accesses = Object.values(devices).reduce((sum, count) => sum + count, 0);
  return { ...emptyCounts(), accesses, devices, countries: { NL: accesses } };
}

async function write(
  state: InMemoryTrafficState,
  minute: number,
  topic: string,
  counts: WindowCounts,
) {
  await state.writeWindow(
    { minute, topic },
    { version: 1, offsets: {}, ids: [], idsFull: false, counts },
    undefined,
  );
}

const deployment = {
  platform,
  topics: ['web-logs'],
  functions: [],
  glueJobs: {
    rawToClean: 'raw-to-clean',
    cleanToCurated: 'clean-to-curated',
    streaming: ['stream'],
  },
} as unknown as LocalDeployment;

function sources(state: InMemoryTrafficState, alerts: LiveSources['alerts']): LiveSources {
  const kafka = {
    topics: {
      topic: () => ({
        partitions: [
          { logEndOffset: 40, logStartOffset: 0 },
          { logEndOffset: 2, logStartOffset: 0 },
        ],
      }),
    },
    groups: {
      committed: (_group: string, _topic: string, partition: number) => ({
        offset: partition === 0 ? 30 : 2,
      }),
    },
  };
  return {
    cloud: { kafka } as unknown as LocalCloud,
    deployment,
    state,
    sqs: { send: () => Promise.resolve({ Attributes: {} }) } as unknown as SQSClient,
    batchRuns: [
      {
        jobName: 'raw-to-clean',
        state: 'SUCCEEDED',
        seconds: 1,
        recordsIn: 1,
        recordsOut: 1,
        rejected: 0,
      },
    ],
    rule,
    recentTransferLags: () => [900, 100, 300],
    groups: [{ group: 'stream', topic: 'web-logs' }],
    streamingState: () => 'RUNNING (local process)',
    producer: () => ({ state: 'streaming', detail: '10 records/s' }),
    alerts,
  };
}

describe('readLiveSnapshot', () => {
  it('flags only closed minutes the bot rule flags, judged as the monitor judges them', async () => {
    const state = new InMemoryTrafficState();
    state.firstMinute = minuteAgo(40);
    // Over the ceiling: one closed minute, and the open current minute.
    await write(state, minuteAgo(3), 'web-logs', requestsWindow(rule.maxRequestsPerMinute + 1));
    await write(state, minuteAgo(2), 'web-logs', requestsWindow(12));
    await write(state, CURRENT, 'web-logs', requestsWindow(rule.maxRequestsPerMinute * 2));
    await state.advanceClosed(0, {
      closedThrough: minuteAgo(1),
      trailing: [],
      incident: { start: minuteAgo(3), lastFlagged: minuteAgo(3) },
      pendingAlerts: [],
    });

    const snapshot = await readLiveSnapshot(
      sources(state, () => []),
      NOW,
    );

    expect(snapshot.traffic.minutes).toHaveLength(LIVE_MINUTES);
    expect(snapshot.traffic.minutes.at(-1)).toMatchObject({
      minute: new Date(CURRENT).toISOString(),
      requests: rule.maxRequestsPerMinute * 2,
      closed: false,
    });
    expect(snapshot.traffic.flagged).toEqual([new Date(minuteAgo(3)).toISOString()]);
    expect(snapshot.traffic.closedThrough).toBe(new Date(minuteAgo(1)).toISOString());
    expect(snapshot.traffic.incidentSince).toBe(new Date(minuteAgo(3)).toISOString());
    expect(snapshot.traffic.ceiling).toBe(rule.maxRequestsPerMinute);
  });

  it('adds up the audience of the last minutes only, busiest first', async () => {
    const state = new InMemoryTrafficState();
    await write(state, minuteAgo(0), 'access-events', audienceWindow({ tv: 3, mobile: 5 }));
    await write(state, minuteAgo(AUDIENCE_MINUTES - 1), 'access-events', audienceWindow({ tv: 4 }));
    await write(state, minuteAgo(AUDIENCE_MINUTES), 'access-events', audienceWindow({ web: 50 }));

    const snapshot = await readLiveSnapshot(
      sources(state, () => []),
      NOW,
    );

    expect(snapshot.devices).toEqual([
      { label: 'tv', accesses: 7 },
      { label: 'mobile', accesses: 5 },
    ]);
    expect(snapshot.countries).toEqual([{ label: 'NL', accesses: 12 }]);
  });

  it('reads the topics, the lag, the jobs and the newest alerts first', async () => {
    const alerts = [
      { subject: 'first', source: 'glue', summary: 'a' },
      { subject: 'second', source: 'bot-attack', summary: 'b' },
    ];
    const snapshot = await readLiveSnapshot(
      sources(new InMemoryTrafficState(), () => alerts),
      NOW,
    );

    expect(snapshot.topics).toEqual([{ topic: 'web-logs', records: 42 }]);
    expect(snapshot.consumerLag).toEqual([{ group: 'stream', topic: 'web-logs', behind: 10 }]);
    expect(snapshot.jobs).toEqual([
      { job: 'raw-to-clean', state: 'SUCCEEDED' },
      { job: 'clean-to-curated', state: 'not run in this session' },
      { job: 'stream', state: 'RUNNING (local process)' },
    ]);
    expect(snapshot.alerts.map((alert) => alert.subject)).toEqual(['second', 'first']);
    expect(snapshot.alertCounts).toEqual({ all: 2, botAttack: 1 });
    expect(snapshot.transfer).toEqual({ copied: 3, lagP50Ms: 300, lagMaxMs: 900 });
    expect(snapshot.traffic.flagged).toEqual([]);
  });

  it('counts every alert, not only those listed', async () => {
    const alerts = Array.from({ length: 25 }, (_, index) => ({
      subject: `alert ${index}`,
      source: index < 5 ? 'bot-attack' : 'glue',
      summary: '',
    }));
    const snapshot = await readLiveSnapshot(
      sources(new InMemoryTrafficState(), () => alerts),
      NOW,
    );

    expect(snapshot.alerts).toHaveLength(20);
    expect(snapshot.alerts[0]?.subject).toBe('alert 24');
    expect(snapshot.alertCounts).toEqual({ all: 25, botAttack: 5 });
  });

  it('flags exactly the minutes the monitor flagged: ceiling, spike, and none before a full window', async () => {
    const state = new InMemoryTrafficState();
    const stream = new Stream();
    // Minute 5: a spike, but before the monitor has a full trailing window. Minute 40: a spike
    // under the ceiling. Minute 50: over the ceiling.
    const perMinute = (m: number) =>
      m === 5 || m === 40 ? 200 : m === 50 ? rule.maxRequestsPerMinute + 50 : ordinary(m);
    const records = minutes(stream, 0, 64, perMinute);
    const flaggedByMonitor: string[] = [];
    let now = DAY + 2 * 86_400_000;
    const ports = {
      state,
      putAlert: () => Promise.resolve(),
      emitMinute: (summary: { minute: number; reason: unknown }) => {
        if (summary.reason !== undefined)
          flaggedByMonitor.push(new Date(summary.minute).toISOString());
      },
      now: () => (now += 10),
    };
    for (let start = 0; start < records.length; start += 400)
      await monitorBatch(mskEvent(records.slice(start, start + 400)), settings, ports);

    // Two views of 30 minutes: minutes 5–34 and 34–63.
    const early = await readLiveSnapshot(
      sources(state, () => []),
      DAY + 34 * MINUTE + 1,
    );
    const late = await readLiveSnapshot(
      sources(state, () => []),
      DAY + 63 * MINUTE + 1,
    );
    const shown = new Set([...early.traffic.flagged, ...late.traffic.flagged]);

    expect(flaggedByMonitor).toEqual([
      new Date(DAY + 40 * MINUTE).toISOString(),
      new Date(DAY + 50 * MINUTE).toISOString(),
    ]);
    expect([...shown].sort()).toEqual(flaggedByMonitor);
    expect(early.traffic.minutes[0]).toMatchObject({ requests: 200, closed: true });
  });
});

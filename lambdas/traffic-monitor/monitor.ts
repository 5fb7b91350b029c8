/**
 * One batch of the MSK mapping, start to end: its records counted into their minutes' windows,
 * the partitions' progress recorded, then every minute that can no longer change closed in
 * order: judged by the bot rule, its metrics emitted, and the bot-attack event put when it opens
 * an incident. Pure of AWS: the state and the outputs are ports.
 *
 * When a minute closes (event time): once every monitored partition has moved `allowedLateness`
 * past its end. A partition that has brought no record for `partitionIdle` (wall clock) stops
 * holding minutes open, so the alert never waits on a quiet partition for long, while one that is
 * only behind (its mapping catching up, or retrying a batch) still holds them. A record for a
 * minute already closed is late: counted in a metric, left out of the window.
 */
import type { BotRule } from '../../infra/platform';
import { closeMinute, type MinuteSummary } from './minute-close';
import {
  MINUTE_MS,
  tallyBatch,
  type MalformedRecord,
  type MonitoredTopic,
  type Slice,
} from './minute-tally';
import { mapConcurrently } from '../shared/concurrency';
import { WindowContentionError } from './errors';
import type { ClosedState, Clock, TrafficState } from './traffic-state';
import { countSlice, type StoredWindow } from './window-counts';

export interface MonitorSettings {
  readonly topics: readonly MonitoredTopic[];
  /** Every partition of the monitored topics (`topic:partition`): each must pass a minute. */
  readonly partitions: readonly string[];
  readonly rule: BotRule;
  readonly allowedLatenessMs: number;
  readonly partitionIdleMs: number;
  readonly incidentQuietMinutes: number;
  /** Most minutes one invocation closes; the next invocation goes on (a backlog after an outage). */
  readonly maxMinutesClosedPerBatch: number;
}

export interface MonitorPorts {
  readonly state: TrafficState;
  /** Puts the bot-attack event of the incident the summary opens. @throws on failure */
  readonly putAlert: (summary: MinuteSummary) => Promise<void>;
  /** Emits the closed minute's metrics. */
  readonly emitMinute: (summary: MinuteSummary) => void;
  readonly now: () => number;
}

export interface BatchOutcome {
  readonly records: number;
  readonly malformed: readonly MalformedRecord[];
  readonly late: number;
  readonly windowsWritten: number;
  /** The minutes this invocation closed, in order. */
  readonly closed: readonly MinuteSummary[];
  /** Bot-attack events put by this invocation. */
  readonly alertsPut: number;
  /** Whether this invocation moved the clock on (false: nothing to close, or another did). */
  readonly closedMinutes: boolean;
}

const HOUR_MS = 60 * MINUTE_MS;
/** State requests in flight at once. */
const STATE_CONCURRENCY = 48;
/** Attempts at one window before the batch fails and is retried by the mapping. */
const WINDOW_WRITE_ATTEMPTS = 8;

export async function monitorBatch(
  event: unknown,
  settings: MonitorSettings,
  ports: MonitorPorts,
): Promise<BatchOutcome> {
  const tally = tallyBatch(event, settings.topics, ports.now());
  const before = await ports.state.readClock();
  const closedThrough = before.closed?.closedThrough;
  const isOpen = (slice: Slice) => closedThrough === undefined || slice.minute > closedThrough;
  const current = tally.slices.filter(isOpen);
  const late = recordsIn(tally.slices.filter((slice) => !isOpen(slice)));
  // No partition had reached a minute past this one: its windows are most likely new, and are
  // written without reading them first (a write that finds one falls back to read and count).
  const frontier = Math.max(Number.NEGATIVE_INFINITY, ...Object.values(before.progress));
  const written = await mapConcurrently(current, STATE_CONCURRENCY, (slice) =>
    countIntoWindow(ports.state, slice, slice.minute > frontier),
  );
  const clock = await ports.state.recordProgress(tally.progress, tally.earliestMinute, ports.now());
  // A minute another invocation closed while these windows were being written: its records
  // may have missed the close. Reported as late, as they may be.
  const raced = recordsIn(
    current.filter(
      (slice) => slice.minute <= (clock.closed?.closedThrough ?? Number.NEGATIVE_INFINITY),
    ),
  );
  const closing = await closeMinutes(clock, settings, ports);
  return {
    records: tally.records,
    malformed: tally.malformed,
    late: late + raced,
    windowsWritten: written.filter(Boolean).length,
    closed: closing.closed,
    alertsPut: closing.alertsPut,
    closedMinutes: closing.advanced,
  };
}

/** Counts the slice into its window, retrying when another writer got there first. */
async function countIntoWindow(
  state: TrafficState,
  slice: Slice,
  likelyNew: boolean,
): Promise<boolean> {
  const key = { minute: slice.minute, topic: slice.topic };
  if (likelyNew && (await state.writeWindow(key, countSlice(undefined, slice)!, undefined)))
    return true;
  for (let attempt = 1; attempt <= WINDOW_WRITE_ATTEMPTS; attempt += 1) {
    const stored = await state.readWindow(key);
    const next = countSlice(stored, slice);
    if (!next) return false;
    if (await state.writeWindow(key, next, stored)) return true;
  }
  throw new WindowContentionError(
    `the ${slice.topic} window of ${new Date(slice.minute).toISOString()} kept changing ` +
      `(${WINDOW_WRITE_ATTEMPTS} attempts); the batch is retried`,
  );
}

/**
 * The event time up to which every minute may close: the least progress among the partitions
 * still active (seen within `partitionIdle`; one never seen counts as active for that long after
 * the monitor started), less the allowed lateness. With every partition quiet, the latest
 * progress of any.
 */
export function watermark(
  clock: Clock,
  settings: MonitorSettings,
  now: number,
): number | undefined {
  const times = Object.values(clock.progress);
  if (times.length === 0) return undefined;
  const active = settings.partitions.filter((partition) => {
    const seen = clock.seen[partition] ?? clock.startedAt;
    return seen === undefined || now - seen < settings.partitionIdleMs;
  });
  const holding = active.map((partition) => clock.progress[partition] ?? Number.NEGATIVE_INFINITY);
  const until = holding.length > 0 ? Math.min(...holding) : Math.max(...times);
  return until - settings.allowedLatenessMs;
}

/**
 * Closes every minute the watermark has passed, in order, then moves the clock on in one
 * conditional write. Only the invocation whose write lands emits the minutes' metrics; one that
 * loses the race to another closer leaves it all to that one. The alerts are put after the
 * write (kept as pending in it until then), so a failure to put one leaves it for the next
 * invocation, never lost; a put repeated after a crash is deduplicated by the alert fabric.
 */
async function closeMinutes(
  clock: Clock,
  settings: MonitorSettings,
  ports: MonitorPorts,
): Promise<{ closed: MinuteSummary[]; alertsPut: number; advanced: boolean }> {
  const first = await closeFrom(clock, settings, ports);
  // Another invocation closed meanwhile, perhaps not as far as this one's progress allows: once
  // more from the clock as it is now.
  return first.lostRace ? closeFrom(await ports.state.readClock(), settings, ports) : first;
}

function recordsIn(slices: readonly Slice[]): number {
  return slices.reduce((sum, slice) => sum + slice.entries.length, 0);
}

async function closeFrom(
  clock: Clock,
  settings: MonitorSettings,
  ports: MonitorPorts,
): Promise<{ closed: MinuteSummary[]; alertsPut: number; advanced: boolean; lostRace: boolean }> {
  const until = watermark(clock, settings, ports.now());
  const first = clock.firstMinute;
  const state = clock.closed;
  const closed: MinuteSummary[] = [];
  // The requests of the trailing minutes, oldest first, moved on as each minute closes.
  const trailing = trailingWindow(state, settings);
  if (until !== undefined && first !== undefined) {
    const start = state ? state.closedThrough + MINUTE_MS : first;
    const minutes: number[] = [];
    for (
      let minute = start;
      minute + MINUTE_MS <= until && minutes.length < settings.maxMinutesClosedPerBatch;
      minute += MINUTE_MS
    )
      minutes.push(minute);
    const windows = await readWindows(ports.state, minutes);
    let incident = state?.incident;
    for (const minute of minutes) {
      const summary = closeMinute(
        minute,
        (windows.get(minute) ?? []).map((window) => window.counts),
        {
          trailing,
          fullWindow: minute >= first + settings.rule.trailingMinutes * MINUTE_MS,
          previousIncident: incident,
        },
        settings.rule,
        settings.incidentQuietMinutes,
      );
      trailing.shift();
      trailing.push(summary.requests);
      incident = summary.incident;
      closed.push(summary);
    }
  }
  const pending = [
    ...(state?.pendingAlerts ?? []),
    ...closed.filter((summary) => summary.alert === 'pending'),
  ];
  let version = clock.version;
  // The closed state as the clock holds it at `version`.
  let current = state;
  if (closed.length > 0) {
    current = {
      closedThrough: closed[closed.length - 1]!.minute,
      trailing,
      incident: closed[closed.length - 1]!.incident,
      pendingAlerts: pending,
    };
    const advanced = await ports.state.advanceClosed(version, current);
    if (!advanced) return { closed: [], alertsPut: 0, advanced: false, lostRace: true };
    version += 1;
    for (const summary of closed) ports.emitMinute(summary);
  }
  let alertsPut = 0;
  for (const summary of pending) {
    await ports.putAlert(summary);
    alertsPut += 1;
  }
  if (current !== undefined && pending.length > 0)
    await ports.state.clearPendingAlerts(version, current);
  return { closed, alertsPut, advanced: closed.length > 0, lostRace: false };
}

/**
 * The closed state's trailing requests as a window of the rule's length: the last ones kept, and
 * zeros before them when there are fewer (none closed yet, or the rule's window has grown).
 */
function trailingWindow(state: ClosedState | undefined, settings: MonitorSettings): number[] {
  const length = settings.rule.trailingMinutes;
  const kept = (state?.trailing ?? []).slice(-length);
  return [...Array.from({ length: length - kept.length }, () => 0), ...kept];
}

/** The windows of `minutes` (consecutive), an hour's worth per request, hours side by side. */
export async function readWindows(
  state: TrafficState,
  minutes: readonly number[],
): Promise<Map<number, StoredWindow[]>> {
  const hours = new Map<number, { from: number; to: number }>();
  for (const minute of minutes) {
    const hour = minute - (minute % HOUR_MS);
    const range = hours.get(hour);
    hours.set(hour, { from: range?.from ?? minute, to: minute });
  }
  const parts = await mapConcurrently([...hours.values()], STATE_CONCURRENCY, ({ from, to }) =>
    state.hourWindows(from, to),
  );
  return new Map(parts.flatMap((part) => [...part]));
}

/**
 * The monitor's state port in memory, applying the same conditions as the DynamoDB adapter
 * (a window written only at the version read or when absent, the closed state moved only from
 * the version read), so the core's decisions are tested without a table. Values are copied in
 * and out, as through the wire.
 */
import type {
  ClosedState,
  Clock,
  TrafficState,
  WindowKey,
} from '../../../../lambdas/traffic-monitor/traffic-state';
import type { StoredWindow } from '../../../../lambdas/traffic-monitor/window-counts';

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const HOUR_MS = 3_600_000;

export class InMemoryTrafficState implements TrafficState {
  readonly windows = new Map<string, StoredWindow>();
  progress: Record<string, number> = {};
  seen: Record<string, number> = {};
  startedAt: number | undefined;
  firstMinute: number | undefined;
  version = 0;
  closed: ClosedState | undefined;
  /** Counts the calls by operation. */
  readonly calls = new Map<keyof TrafficState, number>();

  private count(operation: keyof TrafficState): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
  }

  private clock(): Clock {
    return copy({
      progress: this.progress,
      seen: this.seen,
      startedAt: this.startedAt,
      firstMinute: this.firstMinute,
      version: this.version,
      closed: this.closed,
    });
  }

  readClock() {
    this.count('readClock');
    return Promise.resolve(this.clock());
  }

  readWindow(key: WindowKey) {
    this.count('readWindow');
    const stored = this.windows.get(`${key.minute}|${key.topic}`);
    return Promise.resolve(stored && copy(stored));
  }

  writeWindow(key: WindowKey, next: StoredWindow, previous: StoredWindow | undefined) {
    this.count('writeWindow');
    const id = `${key.minute}|${key.topic}`;
    const current = this.windows.get(id);
    if (previous ? current?.version !== previous.version : current !== undefined) {
      return Promise.resolve(false);
    }
    this.windows.set(id, copy(next));
    return Promise.resolve(true);
  }

  hourWindows(from: number, to: number) {
    this.count('hourWindows');
    if (Math.floor(from / HOUR_MS) !== Math.floor(to / HOUR_MS))
      return Promise.reject(new Error('a range within one hour is asked for'));
    const found = new Map<number, StoredWindow[]>();
    for (const [id, window] of this.windows) {
      const minute = Number(id.split('|')[0]);
      if (minute < from || minute > to) continue;
      found.set(minute, [...(found.get(minute) ?? []), copy(window)]);
    }
    return Promise.resolve(found);
  }

  recordProgress(
    progress: ReadonlyMap<string, number>,
    firstMinute: number | undefined,
    now: number,
  ) {
    this.count('recordProgress');
    this.startedAt ??= now;
    for (const [partition, time] of progress) {
      this.progress[partition] = time;
      this.seen[partition] = now;
    }
    this.firstMinute ??= firstMinute;
    return Promise.resolve(this.clock());
  }

  advanceClosed(version: number, closed: ClosedState) {
    this.count('advanceClosed');
    if (version !== this.version) return Promise.resolve(false);
    this.closed = copy(closed);
    this.version += 1;
    return Promise.resolve(true);
  }

  clearPendingAlerts(version: number, closed: ClosedState) {
    this.count('clearPendingAlerts');
    if (version === this.version) this.closed = copy({ ...closed, pendingAlerts: [] });
    return Promise.resolve();
  }
}

/**
 * The monitor's state, as the core sees it (the port): the minutes' windows and one clock. Every
 * change is one conditional write of one item, so a new container, two invocations at once or a
 * redelivered batch all see the same state. `dynamodb-traffic-state.ts` backs it with DynamoDB;
 * the unit tests with an in-memory fake that applies the same conditions.
 */
import type { Incident, MinuteSummary } from './minute-close';
import type { StoredWindow } from './window-counts';

/** Which window: a minute of one topic. */
export interface WindowKey {
  readonly minute: number;
  readonly topic: string;
}

/** Where closing has got: what judging the next minute needs, moved forward in one write. */
export interface ClosedState {
  /** Every minute up to and including this one is closed. */
  readonly closedThrough: number;
  /** Requests of the `trailingMinutes` minutes up to `closedThrough`, oldest first. */
  readonly trailing: readonly number[];
  /** The incident open at `closedThrough`, if any. */
  readonly incident: Incident | undefined;
  /** Minutes that opened an incident whose event is not known to be put yet. */
  readonly pendingAlerts: readonly MinuteSummary[];
}

/** The single clock item: how far the partitions have got, and the closed state. */
export interface Clock {
  /** Latest event time seen per `topic:partition`. */
  readonly progress: Readonly<Record<string, number>>;
  /** When (wall clock, epoch ms) each `topic:partition` last brought a record. */
  readonly seen: Readonly<Record<string, number>>;
  /** When (wall clock) the monitor first recorded progress: a partition never seen holds minutes open only so long after it. */
  readonly startedAt: number | undefined;
  /** The first minute with requests the monitor saw: history starts there. */
  readonly firstMinute: number | undefined;
  /** Bumped by every close: the condition of the next. */
  readonly version: number;
  readonly closed: ClosedState | undefined;
}

export interface TrafficState {
  readClock(): Promise<Clock>;
  readWindow(key: WindowKey): Promise<StoredWindow | undefined>;
  /**
   * Writes `next` if the window is still at `previous`'s version, or still absent.
   * @returns false when another writer changed it first.
   */
  writeWindow(
    key: WindowKey,
    next: StoredWindow,
    previous: StoredWindow | undefined,
  ): Promise<boolean>;
  /** The windows of the minutes `from`..`to` (inclusive, within one hour), by minute. */
  hourWindows(from: number, to: number): Promise<Map<number, StoredWindow[]>>;
  /**
   * Records the partitions' progress and that they were seen at `now` (and the first minute, if
   * none is known yet); returns the clock.
   */
  recordProgress(
    progress: ReadonlyMap<string, number>,
    firstMinute: number | undefined,
    now: number,
  ): Promise<Clock>;
  /** Moves the closed state on if the clock is still at `version`. @returns false otherwise. */
  advanceClosed(version: number, closed: ClosedState): Promise<boolean>;
  /**
   * Writes `closed` (the closed state at `version`, which the caller holds) with no alert pending,
   * if the clock is still at `version`: every pending alert has been put.
   */
  clearPendingAlerts(version: number, closed: ClosedState): Promise<void>;
}

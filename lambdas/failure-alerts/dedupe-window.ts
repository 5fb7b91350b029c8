/**
 * The dedupe windows the alert processor works with, one per fingerprint, as a port: the handler
 * backs it with DynamoDB (`dynamodb-dedupe-windows.ts`), unit tests with an in-memory fake.
 *
 * Every operation is one conditional change of one window that either applies whole or not at
 * all, so concurrent invocations agree without locks or transactions:
 *
 * - a repeat is counted into an open window;
 * - the first occurrence opens a window (when there is none, or only a closed one whose
 *   occurrences are all reported and that no one is reporting) and is published at once;
 * - a closed window with unreported repeats is reported by whoever takes its lease first
 *   (see window-close.ts), then removed.
 *
 * `occurrences − reported` is what the window still owes a summary. Times are epoch
 * milliseconds from the processor's clock.
 */
import type { Alert } from './alert';

export interface WindowItem {
  readonly fingerprint: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly occurrences: number;
  readonly reported: number;
  readonly lastSeen: number;
  readonly leaseUntil?: number;
  readonly alert: Alert;
}

export type OpenResult =
  | { readonly opened: true; readonly windowStart: number }
  | { readonly opened: false; readonly existing?: WindowItem };

export interface DedupeWindows {
  /** Counts a repeat into the fingerprint's window if it is open at `now`; undefined when none is. */
  countRepeat(fingerprint: string, now: number): Promise<WindowItem | undefined>;

  /**
   * Opens a window of `windowMs` at `now` with this occurrence, counted as reported. Refused (with
   * the window in the way) while a window is open, while a closed one still owes a summary, or
   * while someone holds the lease to report it.
   */
  open(alert: Alert, now: number, windowMs: number): Promise<OpenResult>;

  /**
   * Takes back an opening occurrence whose publish failed, so the retried event is not counted
   * twice. Alone in its window, the window is removed and the retry opens a new one (and is
   * published at once); with repeats counted meanwhile, the occurrence leaves the reported count,
   * so the window's summary will carry the others. Resolves false when the window changed under
   * it (the retry is then counted as a repeat: one too many, never one too few).
   */
  undoOpening(fingerprint: string, windowStart: number): Promise<boolean>;

  /** Every window closed by `now`, each read as it is reached. */
  closedBy(now: number): AsyncIterable<WindowItem>;

  /**
   * Takes the lease to report this closed window until `leaseUntil`. @returns the window with its
   * counts as of that moment; undefined when it changed, or another reporter's lease is live.
   */
  takeLease(item: WindowItem, now: number, leaseUntil: number): Promise<WindowItem | undefined>;

  /** Adds `count` to the window's reported occurrences and gives its lease back. */
  recordReported(item: WindowItem, count: number): Promise<void>;

  /** Gives the lease back without reporting; rejects when the window is no longer this one. */
  releaseLease(item: WindowItem): Promise<void>;

  /** Removes the window if every occurrence is reported and no one holds the lease; else nothing. */
  removeIfReported(item: WindowItem): Promise<void>;
}

/** Occurrences counted in the window and not yet in any published message. */
export function unreported(item: Pick<WindowItem, 'occurrences' | 'reported'>): number {
  return Math.max(0, item.occurrences - item.reported);
}

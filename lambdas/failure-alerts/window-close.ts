/**
 * Reporting closed windows. A window that closed with unreported repeats gets one summary
 * ("N more occurrences since …"), sent by whoever takes its lease first: the scheduled flush,
 * or a new occurrence that finds the old window in its way. The summary is published before
 * the count is marked reported, so a crash in between repeats a summary but never loses one;
 * the lease keeps two reporters from sending it twice in the normal case.
 */
import { unreported, type DedupeWindows, type WindowItem } from './dedupe-window';
import { FlushIncompleteError } from './errors';
import type { Repeats } from './message';
import type { Publish } from './publish';

/** Longer than one SNS publish can take within the function's timeout; a crashed reporter's lease lapses after it. */
export const LEASE_MS = 60_000;

export type CloseResult = 'reported' | 'removed' | 'busy';

export function repeatsOf(item: WindowItem): Repeats {
  return {
    count: unreported(item),
    since: new Date(item.windowStart).toISOString(),
    until: new Date(item.lastSeen).toISOString(),
  };
}

/** Reports (if it owes a summary) and removes one closed window. */
export async function closeWindow(
  windows: DedupeWindows,
  item: WindowItem,
  now: number,
  publish: Publish,
): Promise<CloseResult> {
  if (unreported(item) === 0 && item.leaseUntil === undefined) {
    await windows.removeIfReported(item);
    return 'removed';
  }
  const leased = await windows.takeLease(item, now, now + LEASE_MS);
  if (!leased) return 'busy';
  const count = unreported(leased);
  if (count > 0) {
    try {
      await publish({ kind: 'summary', alert: leased.alert, repeats: repeatsOf(leased) });
    } catch (error) {
      // Best effort: an unreleased lease lapses after LEASE_MS and the next flush reports it.
      await windows.releaseLease(leased).catch(() => undefined);
      throw error;
    }
  }
  await windows.recordReported(leased, count);
  await windows.removeIfReported(leased);
  return count > 0 ? 'reported' : 'removed';
}

export interface FlushResult {
  readonly scanned: number;
  readonly summaries: number;
  readonly removed: number;
  readonly busy: number;
}

/**
 * The scheduled flush: every window closed by `now` is reported and removed. A window that
 * cannot be reported now stays for the next flush; the invocation then fails, so the failure
 * is seen (Errors alarm) as well as retried.
 */
export async function flushClosedWindows(
  windows: DedupeWindows,
  now: number,
  publish: Publish,
  onError: (item: WindowItem, error: unknown) => void,
): Promise<FlushResult> {
  let scanned = 0;
  let summaries = 0;
  let removed = 0;
  let busy = 0;
  const failures: unknown[] = [];
  for await (const item of windows.closedBy(now)) {
    scanned += 1;
    try {
      const result = await closeWindow(windows, item, now, publish);
      if (result === 'reported') summaries += 1;
      else if (result === 'removed') removed += 1;
      else busy += 1;
    } catch (error) {
      failures.push(error);
      onError(item, error);
    }
  }
  if (failures.length > 0) {
    throw new FlushIncompleteError(failures.length, { cause: failures[0] });
  }
  return { scanned, summaries, removed, busy };
}

/**
 * The dedupe windows in memory, with the conditions the DynamoDB adapter sends
 * (lambdas/failure-alerts/dynamodb-dedupe-windows.ts) as plain checks: each operation inspects
 * and changes a window without awaiting in between, so it is as atomic here as a conditional
 * write is there, and concurrent invocations in a test race exactly as they would on the table.
 */
import type { Alert } from '../../../../lambdas/failure-alerts/alert';
import type {
  DedupeWindows,
  OpenResult,
  WindowItem,
} from '../../../../lambdas/failure-alerts/dedupe-window';

/** What a conditional write refused; the adapter's ConditionalCheckFailedException. */
export class WindowChangedError extends Error {
  override readonly name = 'WindowChangedError';
}

function withoutLease(item: WindowItem): WindowItem {
  const copy: { -readonly [K in keyof WindowItem]: WindowItem[K] } = { ...item };
  delete copy.leaseUntil;
  return copy;
}

export class InMemoryDedupeWindows implements DedupeWindows {
  private readonly items = new Map<string, WindowItem>();

  /** The window of a fingerprint as stored now. */
  get(fingerprint: string): WindowItem | undefined {
    return this.items.get(fingerprint);
  }

  /** Stores a window as is: a state a test starts from. */
  put(item: WindowItem): void {
    this.items.set(item.fingerprint, item);
  }

  get size(): number {
    return this.items.size;
  }

  countRepeat(fingerprint: string, now: number): Promise<WindowItem | undefined> {
    const item = this.items.get(fingerprint);
    if (!item || !(item.windowEnd > now)) return Promise.resolve(undefined);
    return Promise.resolve(
      this.replace({ ...item, occurrences: item.occurrences + 1, lastSeen: now }),
    );
  }

  open(alert: Alert, now: number, windowMs: number): Promise<OpenResult> {
    const existing = this.items.get(alert.fingerprint);
    const free =
      !existing ||
      (existing.windowEnd <= now &&
        existing.occurrences === existing.reported &&
        existing.leaseUntil === undefined);
    if (!free) return Promise.resolve({ opened: false, existing });
    this.replace({
      fingerprint: alert.fingerprint,
      windowStart: now,
      windowEnd: now + windowMs,
      occurrences: 1,
      reported: 1,
      lastSeen: now,
      alert,
    });
    return Promise.resolve({ opened: true, windowStart: now });
  }

  undoOpening(fingerprint: string, windowStart: number): Promise<boolean> {
    const item = this.items.get(fingerprint);
    if (item?.windowStart !== windowStart) return Promise.resolve(false);
    if (item.occurrences === 1) this.items.delete(fingerprint);
    else this.replace({ ...item, occurrences: item.occurrences - 1, reported: item.reported - 1 });
    return Promise.resolve(true);
  }

  async *closedBy(now: number): AsyncIterable<WindowItem> {
    // Read one at a time as the table's pages are: a window changed meanwhile is seen as it is.
    for (const fingerprint of [...this.items.keys()]) {
      const item = await Promise.resolve(this.items.get(fingerprint));
      if (item && item.windowEnd <= now) yield item;
    }
  }

  takeLease(item: WindowItem, now: number, leaseUntil: number): Promise<WindowItem | undefined> {
    const current = this.items.get(item.fingerprint);
    const leasable =
      current?.windowStart === item.windowStart &&
      current.windowEnd <= now &&
      (current.leaseUntil === undefined || current.leaseUntil < now);
    if (!leasable) return Promise.resolve(undefined);
    return Promise.resolve(this.replace({ ...current, leaseUntil }));
  }

  recordReported(item: WindowItem, count: number): Promise<void> {
    const current = this.sameWindow(item);
    if (!current) return Promise.reject(new WindowChangedError(item.fingerprint));
    this.replace(withoutLease({ ...current, reported: current.reported + count }));
    return Promise.resolve();
  }

  releaseLease(item: WindowItem): Promise<void> {
    const current = this.sameWindow(item);
    if (!current) return Promise.reject(new WindowChangedError(item.fingerprint));
    this.replace(withoutLease(current));
    return Promise.resolve();
  }

  removeIfReported(item: WindowItem): Promise<void> {
    const current = this.sameWindow(item);
    if (current && current.occurrences === current.reported && current.leaseUntil === undefined)
      this.items.delete(item.fingerprint);
    return Promise.resolve();
  }

  private sameWindow(item: WindowItem): WindowItem | undefined {
    const current = this.items.get(item.fingerprint);
    return current?.windowStart === item.windowStart ? current : undefined;
  }

  private replace(item: WindowItem): WindowItem {
    this.items.set(item.fingerprint, item);
    return item;
  }
}

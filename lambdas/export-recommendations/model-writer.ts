/**
 * Writes a night's items in BatchWriteItem calls of 25 (DynamoDB's most), a few in flight at
 * once. DynamoDB may leave part of a batch unprocessed when a partition is throttled; those items
 * are sent again after an exponential, fully jittered wait, and an item still unprocessed after
 * the last attempt fails the export (`UnprocessedItemsError`): the pointer then stays where it was.
 * The waits and the gate on batches in flight are the shared ones (lambdas/shared).
 */
import { backoffDelay, type RetryPolicy } from '../shared/backoff';
import { ConcurrencyLimit } from '../shared/concurrency';
import { ItemTooLargeError, UnprocessedItemsError } from './errors';
import { MAX_ITEM_BYTES, itemSizeBytes } from './item-size';
import type { ModelItem, ModelItemKind } from './model-items';
import type { ModelTable } from './model-table';

/** BatchWriteItem's most puts per call. */
export const BATCH_WRITE_LIMIT = 25;

export interface ModelWriterOptions {
  /** BatchWriteItem calls in flight at once. */
  readonly concurrentBatches: number;
  /**
   * How a batch's unprocessed items are sent again: `maxAttempts` calls per batch, the first
   * included, before they fail the export.
   */
  readonly unprocessedRetry: RetryPolicy;
}

interface Entry {
  readonly kind: ModelItemKind;
  readonly item: ModelItem;
}

export class ModelWriter {
  private buffer: Entry[] = [];
  /** A slot per batch in flight: `add` waits for one, so rows are read no faster than written. */
  private readonly slots: ConcurrencyLimit;
  /** The batches in flight, for `flush` to wait on. */
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { readonly error: unknown } | undefined;
  private readonly counts: Record<ModelItemKind, number> = { related: 0, popular: 0, customer: 0 };
  /** Calls that left items unprocessed, over the whole night. */
  private retries = 0;

  constructor(
    private readonly table: ModelTable,
    private readonly options: ModelWriterOptions,
  ) {
    this.slots = new ConcurrencyLimit(options.concurrentBatches);
  }

  /** Items written so far, by kind. */
  get written(): Readonly<Record<ModelItemKind, number>> {
    return { ...this.counts };
  }

  /** Batches sent again because DynamoDB left some of their items unprocessed. */
  get retriedBatches(): number {
    return this.retries;
  }

  /** Queues an item; sends a batch once 25 are queued, waiting while too many are in flight. */
  async add(kind: ModelItemKind, item: ModelItem): Promise<void> {
    this.throwIfFailed();
    const size = itemSizeBytes(item);
    if (size > MAX_ITEM_BYTES)
      throw new ItemTooLargeError(
        `The item ${item.pk} would take about ${size} bytes; DynamoDB holds ${MAX_ITEM_BYTES}`,
      );
    this.buffer.push({ kind, item });
    if (this.buffer.length >= BATCH_WRITE_LIMIT) await this.send();
  }

  /** Sends what is queued and waits for every batch; throws the first failure. */
  async flush(): Promise<void> {
    if (this.buffer.length > 0) await this.send();
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private async send(): Promise<void> {
    const release = await this.slots.acquire();
    if (this.failure !== undefined) {
      release();
      throw this.failure.error;
    }
    const batch = this.buffer;
    this.buffer = [];
    // Never rejects: a failure is kept and thrown by the next add or flush, so no batch's
    // failure goes unhandled while another is awaited.
    const running: Promise<void> = this.writeBatch(batch)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.inFlight.delete(running);
        release();
      });
    this.inFlight.add(running);
  }

  private async writeBatch(batch: readonly Entry[]): Promise<void> {
    const retry = this.options.unprocessedRetry;
    const byKey = new Map(batch.map((entry) => [keyOf(entry.item), entry]));
    let pending = batch;
    for (let attempt = 1; ; attempt += 1) {
      // DynamoDB returns copies of the unprocessed items: matched back by key, to keep their kind.
      const left = new Set(
        (await this.table.putBatch(pending.map((entry) => entry.item))).map(keyOf),
      );
      for (const entry of pending) if (!left.has(keyOf(entry.item))) this.counts[entry.kind] += 1;
      if (left.size === 0) return;
      if (attempt >= retry.maxAttempts) throw new UnprocessedItemsError(left.size, attempt);
      this.retries += 1;
      await retry.sleep(backoffDelay(attempt - 1, retry));
      pending = [...left].flatMap((key) => byKey.get(key) ?? []);
    }
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure.error;
  }
}

function keyOf(item: ModelItem): string {
  return `${item.pk}\u0000${item.sk}`;
}

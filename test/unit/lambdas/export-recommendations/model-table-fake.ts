/**
 * A recommendation-model table in memory, behind the export's ModelTable port: it records each
 * call, can leave items unprocessed as a throttled DynamoDB does, and keeps the pointer's rule.
 */
import type { SnapshotPointerItem } from '../../../../infra/aws/facts/recommendations';
import type { ModelItem } from '../../../../lambdas/export-recommendations/model-items';
import type {
  ModelTable,
  PointerOutcome,
} from '../../../../lambdas/export-recommendations/model-table';

export type TableCall =
  | { readonly kind: 'batch'; readonly keys: readonly string[] }
  | { readonly kind: 'pointer'; readonly day: string; readonly keepNewer: boolean };

export interface FakeModelTable extends ModelTable {
  readonly calls: TableCall[];
  readonly items: Map<string, ModelItem>;
  pointer?: SnapshotPointerItem;
  /** Items to leave unprocessed in the coming batch calls, one entry per call (a count). */
  readonly leaveUnprocessed: number[];
  /** Batch calls running at once, at their most. */
  readonly maxConcurrent: number;
}

export function fakeModelTable(options: { batchDelayMs?: number } = {}): FakeModelTable {
  let running = 0;
  const table: FakeModelTable & { maxConcurrent: number } = {
    calls: [],
    items: new Map(),
    leaveUnprocessed: [],
    maxConcurrent: 0,
    async putBatch(items) {
      if (items.length > 25) throw new Error(`${items.length} items in one BatchWriteItem`);
      table.calls.push({ kind: 'batch', keys: items.map((item) => item.pk) });
      running += 1;
      table.maxConcurrent = Math.max(table.maxConcurrent, running);
      await new Promise((resolve) => setTimeout(resolve, options.batchDelayMs ?? 0));
      running -= 1;
      const skipped = Math.min(table.leaveUnprocessed.shift() ?? 0, items.length);
      const written = items.slice(0, items.length - skipped);
      for (const item of written) table.items.set(`${item.pk}|${item.sk}`, item);
      // DynamoDB answers with copies of the items it did not write.
      return structuredClone(items.slice(items.length - skipped));
    },
    putPointer(pointer, { keepNewer }): Promise<PointerOutcome> {
      table.calls.push({ kind: 'pointer', day: pointer.as_of_date, keepNewer });
      if (keepNewer && table.pointer && table.pointer.as_of_date > pointer.as_of_date)
        return Promise.resolve('kept-newer');
      table.pointer = pointer;
      return Promise.resolve('moved');
    },
  };
  return table;
}

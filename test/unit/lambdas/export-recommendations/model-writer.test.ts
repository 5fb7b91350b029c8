import { EXPORT_WRITE_SETTINGS } from '../../../../infra/aws/facts/recommendation-export';
import {
  ItemTooLargeError,
  UnprocessedItemsError,
} from '../../../../lambdas/export-recommendations/errors';
import {
  MAX_ITEM_BYTES,
  itemSizeBytes,
} from '../../../../lambdas/export-recommendations/item-size';
import type { ModelItem } from '../../../../lambdas/export-recommendations/model-items';
import {
  BATCH_WRITE_LIMIT,
  ModelWriter,
  type ModelWriterOptions,
} from '../../../../lambdas/export-recommendations/model-writer';
import { fakeModelTable } from './model-table-fake';

const product = (index: number): ModelItem => ({
  pk: `product#P${index}`,
  sk: '2026-03-02',
  related: [{ product_id: 'P0', score: 0.5 }],
  expires_at: 1,
});

function writerOptions(overrides: Partial<ModelWriterOptions> = {}) {
  const waits: number[] = [];
  const options: ModelWriterOptions = {
    concurrentBatches: 1,
    unprocessedRetry: {
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 250,
      sleep: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      // The top of each jitter range: the waits show the exponential ceilings.
      random: () => 0.999_999,
    },
    ...overrides,
  };
  return { options, waits };
}

describe('ModelWriter', () => {
  it('writes in BatchWriteItem calls of 25 and counts the items by kind', async () => {
    const table = fakeModelTable();
    const writer = new ModelWriter(table, writerOptions().options);

    for (let index = 0; index < 60; index += 1) await writer.add('related', product(index));
    await writer.add('popular', { ...product(99), pk: 'popular#DE' });
    await writer.flush();

    expect(table.calls.map((call) => (call.kind === 'batch' ? call.keys.length : 0))).toEqual([
      BATCH_WRITE_LIMIT,
      BATCH_WRITE_LIMIT,
      11,
    ]);
    expect(table.items.size).toBe(61);
    expect(writer.written).toEqual({ related: 60, popular: 1, customer: 0 });
  });

  it('sends the unprocessed items again after growing, jittered waits, and counts them once written', async () => {
    const table = fakeModelTable();
    table.leaveUnprocessed.push(5, 3, 3);
    const { options, waits } = writerOptions();
    const writer = new ModelWriter(table, options);

    for (let index = 0; index < 25; index += 1) await writer.add('customer', product(index));
    await writer.flush();

    expect(table.calls.map((call) => (call.kind === 'batch' ? call.keys.length : 0))).toEqual([
      25, 5, 3, 3,
    ]);
    expect(waits).toEqual([99, 199, 249]);
    expect(table.items.size).toBe(25);
    expect(writer.written.customer).toBe(25);
    expect(writer.retriedBatches).toBe(3);
  });

  it('fails loudly when items are still unprocessed after the last attempt', async () => {
    const table = fakeModelTable();
    table.leaveUnprocessed.push(2, 2, 2, 2);
    const writer = new ModelWriter(table, writerOptions().options);

    for (let index = 0; index < 3; index += 1) await writer.add('related', product(index));
    const flushed = writer.flush();

    await expect(flushed).rejects.toThrow(UnprocessedItemsError);
    await expect(flushed).rejects.toMatchObject({ unprocessed: 2, attempts: 4, retryable: true });
    expect(writer.written.related).toBe(1);
  });

  it('with the export’s settings, makes 8 calls per batch, waiting below 50 ms doubling', async () => {
    const table = fakeModelTable();
    table.leaveUnprocessed.push(1, 1, 1, 1, 1, 1, 1, 1);
    const { waits, options } = writerOptions();
    const writer = new ModelWriter(table, {
      ...EXPORT_WRITE_SETTINGS,
      // The supremum of the jitter: each wait is its bound.
      unprocessedRetry: {
        ...EXPORT_WRITE_SETTINGS.unprocessedRetry,
        sleep: options.unprocessedRetry.sleep,
        random: () => 1,
      },
    });

    await writer.add('related', product(1));

    await expect(writer.flush()).rejects.toMatchObject({ unprocessed: 1, attempts: 8 });
    expect(waits).toEqual([50, 100, 200, 400, 800, 1_600, 3_200]);
  });

  it('keeps at most the configured batches in flight', async () => {
    const table = fakeModelTable({ batchDelayMs: 5 });
    const writer = new ModelWriter(table, writerOptions({ concurrentBatches: 3 }).options);

    for (let index = 0; index < 250; index += 1) await writer.add('related', product(index));
    await writer.flush();

    expect(table.maxConcurrent).toBe(3);
    expect(table.items.size).toBe(250);
  });

  it('throws a failed batch from the next call, even with others in flight', async () => {
    const table = fakeModelTable({ batchDelayMs: 2 });
    const failing = table.putBatch.bind(table);
    let calls = 0;
    table.putBatch = (items) => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error('DynamoDB is down')) : failing(items);
    };
    const writer = new ModelWriter(table, writerOptions({ concurrentBatches: 2 }).options);

    const writeAll = async () => {
      for (let index = 0; index < 200; index += 1) await writer.add('related', product(index));
      await writer.flush();
    };

    await expect(writeAll()).rejects.toThrow('DynamoDB is down');
  });

  it('refuses an item over DynamoDB’s 400 KB before sending anything', async () => {
    const table = fakeModelTable();
    const writer = new ModelWriter(table, writerOptions().options);
    const huge: ModelItem = {
      ...product(1),
      related: Array.from({ length: 3_000 }, (_, index) => ({
        product_id: `P${String(index).padStart(128, '0')}`,
        score: 0.123456789,
      })),
    };

    expect(itemSizeBytes(huge)).toBeGreaterThan(MAX_ITEM_BYTES);
    await expect(writer.add('related', huge)).rejects.toThrow(ItemTooLargeError);
    await writer.flush();
    expect(table.calls).toEqual([]);
  });
});

describe('itemSizeBytes', () => {
  it('counts names, strings, numbers, lists and maps as DynamoDB does', () => {
    // pk: 2 + 2; n: 1 + (3 significant digits → 3); l: 1 + 3 + (1 + 1) + (1 + 3 + (1 + 1 + 1))
    expect(itemSizeBytes({ pk: 'ab', n: 12.5, l: ['x', { k: 'y' }] })).toBe(4 + 4 + 1 + 3 + 2 + 7);
  });
});

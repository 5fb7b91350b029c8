import { EmptySnapshotError } from '../../../../lambdas/export-recommendations/errors';
import { createExportHandler } from '../../../../lambdas/export-recommendations/export-run';
import type {
  ItemQueryName,
  SnapshotSource,
} from '../../../../lambdas/export-recommendations/warehouse-snapshot';
import type { Row } from '../../../../lambdas/shared/warehouse/data-api';
import { eltRanPayload, eltSucceeded } from '../../../fixtures/events/warehouse';
import { recordingLogger, recordingMetrics } from '../../../fixtures/recording-observability';
import { fakeModelTable, type FakeModelTable } from './model-table-fake';

const DAY = '2026-03-02';
const NOW = new Date('2026-03-03T01:40:00Z');

/** 30 products with 2 related each, 2 countries, the every-country list, 3 customers. */
const ROWS: Record<ItemQueryName, Row[]> = {
  related_products: Array.from({ length: 30 }, (_, index) => [
    { product_id: `P${index}`, related_product_id: 'R1', score: 0.9 },
    { product_id: `P${index}`, related_product_id: 'R2', score: 0.3 },
  ]).flat(),
  popular_products: [
    { country: 'DE', product_id: 'P1', buyers: 9 },
    { country: 'DE', product_id: 'P2', buyers: 4 },
    { country: 'FR', product_id: 'P2', buyers: 7 },
  ],
  popular_everywhere: [
    { product_id: 'P2', buyers: 11 },
    { product_id: 'P1', buyers: 9 },
  ],
  customer_profiles: ['C1', 'C2', 'C3'].map((customer) => ({
    customer_id: customer,
    country: 'DE',
    product_id: 'P1',
    purchased_at: '2026-03-01 12:00:00',
  })),
};

async function* pagesOf(rows: readonly Row[], size: number): AsyncGenerator<Row[]> {
  for (let start = 0; start < rows.length; start += size) {
    // A page arrives from the network: the next is asked for once this one is taken.
    await Promise.resolve();
    yield rows.slice(start, start + size);
  }
}

/** The rows as the Data API pages them, 7 rows a page. */
function snapshotOf(rows: Record<ItemQueryName, Row[]>): SnapshotSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    size: (day) => {
      asked.push(`size ${day}`);
      return Promise.resolve({
        related: rows.related_products.length,
        popular: rows.popular_products.length,
      });
    },
    pages(name, day) {
      asked.push(`${name} ${day}`);
      return pagesOf(rows[name], 7);
    },
  };
}

function exporter(options: { rows?: Record<ItemQueryName, Row[]>; table?: FakeModelTable } = {}) {
  const table = options.table ?? fakeModelTable();
  const snapshot = snapshotOf(options.rows ?? ROWS);
  const { logger, logs } = recordingLogger();
  const { metrics, recorded, sum } = recordingMetrics();
  let published = 0;
  let tick = 0;
  const handler = createExportHandler({
    snapshot,
    table,
    snapshotKeepDays: 3,
    writer: {
      concurrentBatches: 2,
      unprocessedRetry: {
        maxAttempts: 3,
        baseDelayMs: 1,
        maxDelayMs: 1,
        sleep: () => Promise.resolve(),
      },
    },
    // Each reading of the clock is 250 ms after the one before.
    clock: () => new Date(NOW.getTime() + 250 * tick++),
    logger,
    metrics,
    publishMetrics: () => {
      published += 1;
    },
  });
  return { handler, table, snapshot, logs, recorded, sum, published: () => published };
}

describe('the export', () => {
  it('writes every item of the snapshot, then the pointer last', async () => {
    const { handler, table } = exporter();

    const result = await handler({ day: DAY });

    expect(result).toMatchObject({
      status: 'exported',
      day: DAY,
      trigger: 'manual',
      items: { related: 30, popular: 3, customer: 3 },
      pointer: 'moved',
    });
    expect(table.items.size).toBe(36);
    const last = table.calls.at(-1);
    expect(last).toEqual({ kind: 'pointer', day: DAY, keepNewer: false });
    expect(table.calls.filter((call) => call.kind === 'pointer')).toHaveLength(1);
    expect(table.pointer).toEqual({
      pk: 'snapshot',
      sk: 'current',
      as_of_date: DAY,
      exported_at: expect.stringMatching(/^2026-03-03T01:40:/),
    });
  });

  it('stamps every item with the day and an expiry snapshotKeepDays after the export began', async () => {
    const { handler, table } = exporter();

    await handler({ day: DAY });

    const expiry = NOW.getTime() / 1000 + 3 * 86_400;
    for (const item of table.items.values()) {
      expect(item.sk).toBe(DAY);
      expect(item.expires_at).toBe(expiry);
    }
    expect(table.items.get(`popular#*|${DAY}`)).toMatchObject({
      products: [
        { product_id: 'P2', buyers: 11 },
        { product_id: 'P1', buyers: 9 },
      ],
    });
    expect(table.items.get(`product#P4|${DAY}`)).toMatchObject({
      related: [
        { product_id: 'R1', score: 0.9 },
        { product_id: 'R2', score: 0.3 },
      ],
    });
  });

  it('exports the day the ELT loaded, and keeps a pointer already on a later day', async () => {
    const table = fakeModelTable();
    table.pointer = {
      pk: 'snapshot',
      sk: 'current',
      as_of_date: '2026-03-05',
      exported_at: 'x',
    };
    const { handler, snapshot, logs } = exporter({ table });

    const result = await handler(eltSucceeded(eltRanPayload(DAY)));

    expect(snapshot.asked[0]).toBe(`size ${DAY}`);
    expect(result).toMatchObject({ status: 'exported', trigger: 'elt', pointer: 'kept-newer' });
    expect(table.calls.at(-1)).toEqual({ kind: 'pointer', day: DAY, keepNewer: true });
    expect(table.pointer.as_of_date).toBe('2026-03-05');
    expect(logs.some((log) => log.level === 'warn')).toBe(true);
  });

  it.each([
    ['no related products', { ...ROWS, related_products: [] }],
    ['no popular products', { ...ROWS, popular_products: [] }],
  ])(
    'refuses a snapshot with %s: nothing written, the pointer unmoved, an error counted',
    async (_case, rows) => {
      const { handler, table, sum, published } = exporter({ rows });

      const result = handler({ day: DAY });

      await expect(result).rejects.toThrow(EmptySnapshotError);
      expect(table.calls).toEqual([]);
      expect(sum('EmptySnapshots')).toBe(1);
      expect(sum('ExportFailures')).toBe(1);
      expect(published()).toBe(1);
    },
  );

  it('moves no pointer when a batch fails for good', async () => {
    const table = fakeModelTable();
    // Every call leaves one item unprocessed: a batch's third attempt still does.
    table.leaveUnprocessed.push(...Array.from({ length: 50 }, () => 1));
    const { handler, sum } = exporter({ table });

    await expect(handler({ day: DAY })).rejects.toThrow('still unprocessed');
    expect(table.calls.some((call) => call.kind === 'pointer')).toBe(false);
    expect(sum('ExportFailures')).toBe(1);
  });

  it('counts the items of each kind and the duration', async () => {
    const { handler, sum } = exporter();

    await handler({ day: DAY });

    expect(sum('ModelItemsWritten', 'related')).toBe(30);
    expect(sum('ModelItemsWritten', 'popular')).toBe(3);
    expect(sum('ModelItemsWritten', 'customer')).toBe(3);
    expect(sum('ExportDuration')).toBeGreaterThan(0);
  });

  it('acknowledges an ELT run that loaded nothing without reading the warehouse', async () => {
    const { handler, snapshot, table, sum } = exporter();

    const result = await handler(eltSucceeded({ status: 'ignored', reason: 'job ended FAILED' }));

    expect(result).toEqual({ status: 'ignored', reason: 'the ELT run ended "ignored"' });
    expect(snapshot.asked).toEqual([]);
    expect(table.calls).toEqual([]);
    expect(sum('ExportTriggersIgnored')).toBe(1);
  });

  it('fails on an event it cannot read, counting the failure', async () => {
    const { handler, sum } = exporter();

    await expect(handler({ day: 'yesterday' })).rejects.toThrow('YYYY-MM-DD');
    expect(sum('ExportFailures')).toBe(1);
  });
});

import { MODEL_KEYS } from '../../../../infra/aws/facts/recommendations';
import {
  SnapshotOrderError,
  SnapshotRowError,
} from '../../../../lambdas/export-recommendations/errors';
import {
  EVERY_COUNTRY,
  customerProfileItem,
  groupRows,
  popularProductsItem,
  relatedProductsItem,
  snapshotPointer,
  warehouseTimeToIso,
} from '../../../../lambdas/export-recommendations/model-items';
import type { Row } from '../../../../lambdas/shared/warehouse/data-api';

const STAMP = { day: '2026-03-02', expiresAt: 1_772_700_000 };

async function* pagesOf(...pages: Row[][]): AsyncGenerator<Row[]> {
  for (const page of pages) {
    await Promise.resolve();
    yield page;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('groupRows', () => {
  it('makes one group of consecutive rows with one key, across page boundaries', async () => {
    const groups = await collect(
      groupRows(
        pagesOf(
          [
            { k: 'a', n: 1 },
            { k: 'a', n: 2 },
            { k: 'b', n: 1 },
          ],
          [{ k: 'b', n: 2 }],
          [],
          [{ k: 'c', n: 1 }],
        ),
        (row) => String(row.k),
      ),
    );

    expect(groups.map((group) => [group.key, group.rows.map((row) => row.n)])).toEqual([
      ['a', [1, 2]],
      ['b', [1, 2]],
      ['c', [1]],
    ]);
  });

  it('yields nothing for no rows', async () => {
    expect(await collect(groupRows(pagesOf([]), () => 'x'))).toEqual([]);
  });

  it('stops when a key comes back after another began', async () => {
    const groups = groupRows(pagesOf([{ k: 'a' }, { k: 'b' }], [{ k: 'a' }]), (row) =>
      String(row.k),
    );

    await expect(collect(groups)).rejects.toThrow(SnapshotOrderError);
  });
});

describe('the items', () => {
  it('lists a product’s related products in the rows’ order, with their scores', () => {
    const item = relatedProductsItem(
      'P1',
      [
        { product_id: 'P1', related_product_id: 'P7', score: 0.81 },
        { product_id: 'P1', related_product_id: 'P3', score: 0.4 },
      ],
      STAMP,
    );

    expect(item).toEqual({
      pk: MODEL_KEYS.product('P1'),
      sk: '2026-03-02',
      related: [
        { product_id: 'P7', score: 0.81 },
        { product_id: 'P3', score: 0.4 },
      ],
      expires_at: STAMP.expiresAt,
    });
  });

  it('keys a country’s best sellers by the country, and every country’s by *', () => {
    const rows = [{ country: 'DE', product_id: 'P2', buyers: 17 }];

    expect(popularProductsItem('DE', rows, STAMP)).toEqual({
      pk: 'popular#DE',
      sk: '2026-03-02',
      products: [{ product_id: 'P2', buyers: 17 }],
      expires_at: STAMP.expiresAt,
    });
    expect(popularProductsItem(EVERY_COUNTRY, rows, STAMP).pk).toBe(MODEL_KEYS.popularEverywhere);
    expect(MODEL_KEYS.popular(EVERY_COUNTRY)).toBe(MODEL_KEYS.popularEverywhere);
  });

  it('gives a customer the country of the rows and their purchases newest first, in ISO 8601', () => {
    const item = customerProfileItem(
      'C9',
      [
        {
          customer_id: 'C9',
          country: 'FR',
          product_id: 'P5',
          purchased_at: '2026-03-02 10:15:30.123456',
        },
        { customer_id: 'C9', country: 'FR', product_id: 'P1', purchased_at: '2026-02-11 08:00:00' },
      ],
      STAMP,
    );

    expect(item).toEqual({
      pk: 'customer#C9',
      sk: '2026-03-02',
      country: 'FR',
      recent_purchases: [
        { product_id: 'P5', at: '2026-03-02T10:15:30.123Z' },
        { product_id: 'P1', at: '2026-02-11T08:00:00.000Z' },
      ],
      expires_at: STAMP.expiresAt,
    });
  });

  it('gives a customer of unknown country the every-country list’s country', () => {
    const rows = [
      { customer_id: 'C9', country: null, product_id: 'P5', purchased_at: '2026-03-02 10:15:30' },
    ];

    expect(customerProfileItem('C9', rows, STAMP).country).toBe(EVERY_COUNTRY);
  });

  it('points at the day, with the time of the export and no expiry', () => {
    expect(snapshotPointer('2026-03-02', new Date('2026-03-03T01:40:00.250Z'))).toEqual({
      pk: 'snapshot',
      sk: 'current',
      as_of_date: '2026-03-02',
      exported_at: '2026-03-03T01:40:00.250Z',
    });
  });

  it.each([
    ['a missing related product', { related_product_id: null, score: 0.5 }],
    ['a score that is text', { related_product_id: 'P2', score: '0.5' }],
    ['a score that is not finite', { related_product_id: 'P2', score: Number.NaN }],
  ])('refuses a row with %s', (_case, row) => {
    expect(() => relatedProductsItem('P1', [row as Row], STAMP)).toThrow(SnapshotRowError);
  });
});

describe('warehouseTimeToIso', () => {
  it.each([
    ['2026-03-02 10:15:30', '2026-03-02T10:15:30.000Z'],
    ['2026-03-02 10:15:30.5', '2026-03-02T10:15:30.500Z'],
    ['2026-03-02 10:15:30.123999', '2026-03-02T10:15:30.123Z'],
    ['2026-03-02T10:15:30.12', '2026-03-02T10:15:30.120Z'],
  ])('reads %s as %s', (warehouse, iso) => {
    expect(warehouseTimeToIso(warehouse)).toBe(iso);
  });

  it('refuses what is not a warehouse timestamp', () => {
    expect(() => warehouseTimeToIso('2026-03-02')).toThrow(SnapshotRowError);
  });
});

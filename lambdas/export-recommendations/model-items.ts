/**
 * The warehouse's rows as the recommendation model's items (infra/aws/facts/recommendations.ts):
 * each query returns one row per list entry, in key order, and the rows of one key become one
 * item, whatever page of the Data API's result they arrive on. Pure: no I/O.
 */
import {
  MODEL_KEYS,
  type CustomerProfileItem,
  type PopularProductsItem,
  type RelatedProductsItem,
  type SnapshotPointerItem,
} from '../../infra/aws/facts/recommendations';
import type { Row } from '../shared/warehouse/data-api';
import { SnapshotOrderError, SnapshotRowError } from './errors';

export type ModelItem = RelatedProductsItem | PopularProductsItem | CustomerProfileItem;

/** What the export counts items by (the `kind` dimension of `ModelItemsWritten`). */
export type ModelItemKind = 'related' | 'popular' | 'customer';

/** What every item of one night carries: the snapshot's day and when the item expires. */
export interface ItemStamp {
  /** The snapshot's `as_of_date`: the items' sort key. */
  readonly day: string;
  /** Epoch seconds: export time plus `snapshotKeepDays`. */
  readonly expiresAt: number;
}

/**
 * The country of `popular#*`, every country's buyers together. A customer profile whose country
 * the warehouse does not know carries it, so a reader that looks up `popular#<country>` lands on
 * the every-country list without a special case.
 */
export const EVERY_COUNTRY = '*';

export interface RowGroup {
  readonly key: string;
  readonly rows: readonly Row[];
}

/**
 * Consecutive rows with the same key, across pages. A key that comes back after another began
 * means the rows were not in key order: the item built before would be missing rows, so the
 * export stops instead.
 */
export async function* groupRows(
  pages: AsyncIterable<readonly Row[]>,
  keyOf: (row: Row) => string,
): AsyncGenerator<RowGroup> {
  const finished = new Set<string>();
  let current: { key: string; rows: Row[] } | undefined;
  for await (const page of pages) {
    for (const row of page) {
      const key = keyOf(row);
      if (current?.key === key) {
        current.rows.push(row);
        continue;
      }
      if (finished.has(key))
        throw new SnapshotOrderError(
          `The rows of "${key}" are not together: they came back after another key`,
        );
      if (current !== undefined) {
        finished.add(current.key);
        yield current;
      }
      current = { key, rows: [row] };
    }
  }
  if (current !== undefined) yield current;
}

export function relatedProductsItem(
  productId: string,
  rows: readonly Row[],
  stamp: ItemStamp,
): RelatedProductsItem {
  return {
    pk: MODEL_KEYS.product(productId),
    sk: stamp.day,
    related: rows.map((row) => ({
      product_id: text(row, 'related_product_id'),
      score: finite(row, 'score'),
    })),
    expires_at: stamp.expiresAt,
  };
}

/** A country's best sellers, or every country's (`EVERY_COUNTRY`). */
export function popularProductsItem(
  country: string,
  rows: readonly Row[],
  stamp: ItemStamp,
): PopularProductsItem {
  return {
    pk: country === EVERY_COUNTRY ? MODEL_KEYS.popularEverywhere : MODEL_KEYS.popular(country),
    sk: stamp.day,
    products: rows.map((row) => ({
      product_id: text(row, 'product_id'),
      buyers: finite(row, 'buyers'),
    })),
    expires_at: stamp.expiresAt,
  };
}

export function customerProfileItem(
  customerId: string,
  rows: readonly Row[],
  stamp: ItemStamp,
): CustomerProfileItem {
  const country = rows[0]?.country;
  return {
    pk: MODEL_KEYS.customer(customerId),
    sk: stamp.day,
    country: typeof country === 'string' && country !== '' ? country : EVERY_COUNTRY,
    recent_purchases: rows.map((row) => ({
      product_id: text(row, 'product_id'),
      at: warehouseTimeToIso(text(row, 'purchased_at')),
    })),
    expires_at: stamp.expiresAt,
  };
}

/** The pointer, written once every other item of the night is. */
export function snapshotPointer(day: string, exportedAt: Date): SnapshotPointerItem {
  return {
    pk: MODEL_KEYS.snapshot,
    sk: MODEL_KEYS.current,
    as_of_date: day,
    exported_at: exportedAt.toISOString(),
  };
}

const WAREHOUSE_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?$/;

/**
 * A warehouse TIMESTAMP (UTC, as the Data API returns it: `2026-03-02 10:15:30[.123456]`) in ISO
 * 8601 with milliseconds, as the activity items write times (`2026-03-02T10:15:30.123Z`).
 */
export function warehouseTimeToIso(value: string): string {
  const match = WAREHOUSE_TIME.exec(value);
  if (!match) throw new SnapshotRowError(`"${value}" is not a warehouse timestamp`);
  const [, date, time, fraction = ''] = match;
  return `${date}T${time}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

/** The string a key column holds, or the reason the row cannot be an item. */
export function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== 'string' || value === '')
    throw new SnapshotRowError(`Column ${column} holds ${JSON.stringify(value)}, not a text`);
  return value;
}

function finite(row: Row, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new SnapshotRowError(`Column ${column} holds ${JSON.stringify(value)}, not a number`);
  return value;
}

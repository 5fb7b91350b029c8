/**
 * A warehouse for the recommendation export's tests: the migrations applied, then, inserted
 * through the Data API, a seeded history of order lines (with the dimensions they reference) and
 * the two snapshot tables for the export's day and the day before, as transforms 17 and 18 would
 * have left them. The history is built to reach the queries' edges: lines on each side of every
 * window's first day and after the snapshot's day, customers who buy in two countries, buy a
 * product again or more products than a profile keeps, order lines sharing a time, and more
 * related-product rows than one GetStatementResult page holds.
 */
import { createHash } from 'node:crypto';
import type { WarehouseSession } from '../../../lambdas/shared/warehouse/data-api';
import { loadMigrations, migrate } from '../../../lambdas/shared/warehouse/migrations';
import { seededRandom } from '../../fixtures/seeded-random';
import { MIGRATIONS_DIRECTORY } from './warehouse-lake';

export const DAY_MS = 86_400_000;

export interface SaleLine {
  readonly transaction_id: string;
  readonly customer_id: string;
  readonly product_id: string;
  readonly quantity: number;
  readonly transaction_time: Date;
  readonly country: string;
}

export interface AffinityRow {
  readonly as_of_date: string;
  readonly product_id: string;
  readonly related_product_id: string;
  readonly affinity_rank: number;
  readonly score: number;
}

export interface PopularRow {
  readonly as_of_date: string;
  readonly country: string;
  readonly product_id: string;
  readonly popularity_rank: number;
  readonly buyers: number;
  readonly units: number;
}

export interface RecommendationHistory {
  /** The snapshot the export reads. */
  readonly day: string;
  readonly products: readonly string[];
  readonly customers: readonly string[];
  readonly sales: readonly SaleLine[];
  readonly affinities: readonly AffinityRow[];
  readonly popular: readonly PopularRow[];
}

export const COUNTRIES = ['DE', 'ES', 'FR', 'IT', 'NL'] as const;

const pad = (prefix: string, index: number) => `${prefix}${String(index).padStart(3, '0')}`;
export const dayOffset = (day: string, days: number): string =>
  new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);

/**
 * 60 products (each but the last with 20 related products on both snapshot days: 1,180 rows a
 * day), 40 customers, five countries and about 130 days of order lines.
 */
export function recommendationHistory(seed: number, day: string): RecommendationHistory {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const products = Array.from({ length: 60 }, (_, index) => pad('P', index + 1));
  const customers = Array.from({ length: 40 }, (_, index) => pad('C', index + 1));
  const sales: SaleLine[] = [];
  const dayStart = Date.parse(day);
  let line = 0;
  const order = (customer: string, time: Date, country: string, bought: readonly string[]) => {
    for (const product of bought)
      sales.push({
        transaction_id: `T${String((line += 1)).padStart(6, '0')}`,
        customer_id: customer,
        product_id: product,
        quantity: 1 + Math.floor(random() * 3),
        transaction_time: time,
        country,
      });
  };
  // A whole second, so the warehouse's TIMESTAMP and the reference agree to the millisecond.
  const timeWithin = (fromDay: number, toDay: number) =>
    new Date(
      Math.floor((dayStart + (fromDay + random() * (toDay - fromDay)) * DAY_MS) / 1000) * 1000,
    );

  customers.forEach((customer, index) => {
    const home = COUNTRIES[index % COUNTRIES.length]!;
    const orders = 1 + Math.floor(random() * 8);
    for (let each = 0; each < orders; each += 1) {
      // Most orders at home; some abroad. Days from 125 before the snapshot to 2 after it.
      const country = random() < 0.8 ? home : pick(COUNTRIES);
      const lines = 1 + Math.floor(random() * 3);
      order(
        customer,
        timeWithin(-125, 3),
        country,
        Array.from({ length: lines }, () => pick(products)),
      );
    }
  });
  // Two customers who bought more products than a profile keeps, one order each, in the window.
  for (const customer of ['C001', 'C002'])
    products.slice(0, 26).forEach((product, index) => {
      order(customer, new Date(dayStart - (index + 1) * 3_600_000), 'DE', [product]);
    });
  // A product bought again: its latest purchase counts.
  order('C003', new Date(dayStart - 40 * DAY_MS), 'FR', ['P010']);
  order('C003', new Date(dayStart - 2 * DAY_MS + 5_000), 'IT', ['P010', 'P011']);
  // Each window's edges: the first day in it and the last day before it, and the day after.
  for (const [customer, daysBack] of [
    ['C004', 89],
    ['C005', 90],
    ['C006', 29],
    ['C007', 30],
  ] as const)
    order(customer, new Date(dayStart - daysBack * DAY_MS + 60_000), 'NL', ['P020']);
  order('C008', new Date(dayStart + DAY_MS + 60_000), 'ES', ['P021']);

  const affinities: AffinityRow[] = [];
  const popular: PopularRow[] = [];
  for (const asOf of [dayOffset(day, -1), day]) {
    for (const product of products.slice(0, -1)) {
      const others = products.filter((other) => other !== product);
      const related = Array.from({ length: 20 }, () =>
        others.splice(Math.floor(random() * others.length), 1),
      ).flat();
      const scores = related.map(() => random()).sort((a, b) => b - a);
      related.forEach((other, index) =>
        affinities.push({
          as_of_date: asOf,
          product_id: product,
          related_product_id: other,
          affinity_rank: index + 1,
          score: scores[index]!,
        }),
      );
    }
    for (const country of COUNTRIES) {
      const ranked = products.filter(() => random() < 0.6);
      ranked.forEach((product, index) =>
        popular.push({
          as_of_date: asOf,
          country,
          product_id: product,
          popularity_rank: index + 1,
          buyers: ranked.length - index,
          units: 2 * (ranked.length - index),
        }),
      );
    }
  }
  return { day, products, customers, sales, affinities, popular };
}

const text = (value: string) => `'${value.replace(/'/g, "''")}'`;
const timestamp = (time: Date) => text(time.toISOString().replace('T', ' ').slice(0, 19));
const geographyKey = (country: string) => createHash('md5').update(`${country}|`).digest('hex');

/** Runs `INSERT INTO <table> (<columns>) VALUES …` in statements of at most 200 rows. */
async function insertRows(
  session: WarehouseSession,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 200) {
    const values = rows.slice(start, start + 200).map((row) => `(${row.join(', ')})`);
    await session.execute(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(',\n')}`,
    );
  }
}

/** Applies the migrations and inserts the history: dimensions first, as the facts reference them. */
export async function seedRecommendationWarehouse(
  session: WarehouseSession,
  history: RecommendationHistory,
): Promise<void> {
  await migrate(session, loadMigrations(MIGRATIONS_DIRECTORY));
  const days = new Set<string>([
    ...history.sales.map((sale) => sale.transaction_time.toISOString().slice(0, 10)),
    ...history.affinities.map((row) => row.as_of_date),
  ]);
  await insertRows(
    session,
    'dw.dim_date',
    [
      'calendar_date',
      'year_number',
      'quarter_number',
      'month_number',
      'day_of_month',
      'day_of_week',
      'is_weekend',
    ],
    [...days].map((day) => {
      const date = new Date(`${day}T00:00:00Z`);
      const weekday = date.getUTCDay();
      return [
        text(day),
        String(date.getUTCFullYear()),
        String(Math.floor(date.getUTCMonth() / 3) + 1),
        String(date.getUTCMonth() + 1),
        String(date.getUTCDate()),
        String(weekday),
        weekday === 0 || weekday === 6 ? 'TRUE' : 'FALSE',
      ];
    }),
  );
  await insertRows(
    session,
    'dw.dim_product',
    ['product_id', 'product_category'],
    history.products.map((product) => [text(product), text('toys')]),
  );
  await insertRows(
    session,
    'dw.dim_geography',
    ['geography_key', 'country', 'city'],
    COUNTRIES.map((country) => [text(geographyKey(country)), text(country), 'NULL']),
  );
  await insertRows(
    session,
    'dw.dim_customer',
    ['customer_id', 'is_inferred'],
    history.customers.map((customer) => [text(customer), 'TRUE']),
  );
  await insertRows(
    session,
    'dw.fact_sale',
    [
      'transaction_time',
      'sale_date',
      'transaction_id',
      'order_id',
      'customer_id',
      'product_id',
      'geography_key',
      'quantity',
      'unit_price',
      'line_amount',
      'currency',
    ],
    history.sales.map((sale) => [
      timestamp(sale.transaction_time),
      text(sale.transaction_time.toISOString().slice(0, 10)),
      text(sale.transaction_id),
      text(`O-${sale.customer_id}-${sale.transaction_time.getTime()}`),
      text(sale.customer_id),
      text(sale.product_id),
      text(geographyKey(sale.country)),
      String(sale.quantity),
      '9.99',
      (9.99 * sale.quantity).toFixed(2),
      text('EUR'),
    ]),
  );
  await insertRows(
    session,
    'dw.fact_item_affinity',
    [
      'as_of_date',
      'product_id',
      'related_product_id',
      'affinity_rank',
      'score',
      'co_purchase_customers',
      'co_view_sessions',
    ],
    history.affinities.map((row) => [
      text(row.as_of_date),
      text(row.product_id),
      text(row.related_product_id),
      String(row.affinity_rank),
      // Seventeen significant digits: the double the reference holds, exactly.
      row.score.toPrecision(17),
      '1',
      '1',
    ]),
  );
  await insertRows(
    session,
    'dw.fact_popular_product',
    ['as_of_date', 'country', 'product_id', 'popularity_rank', 'buyers', 'units'],
    history.popular.map((row) => [
      text(row.as_of_date),
      text(row.country),
      text(row.product_id),
      String(row.popularity_rank),
      String(row.buyers),
      String(row.units),
    ]),
  );
}

/**
 * The recommendation tables (transforms/17_, 18_) on a generated history, loaded by one catch-up
 * run of the whole ELT over the windows' days: their top affinities
 * recover the companions the generator planted (its answer key, which no SQL reads), and every row
 * of both tables is what this file counts from the clean records (affinity-reference.ts).
 */
import '../../../scripts/shared/aws-sdk-node-notice';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { loadPlatform } from '../../../infra/platform';
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { planElt, runElt } from '../../../lambdas/shared/warehouse/elt';
import { loadMigrations, migrate } from '../../../lambdas/shared/warehouse/migrations';
import { generateDay } from '../../../scripts/generate-data/generate-day';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  expectedAffinities,
  expectedPopular,
  type AffinityRow,
  type AffinitySettings,
  type PopularRow,
} from './affinity-reference';
import {
  MIGRATIONS_DIRECTORY,
  SQL_DIRECTORY,
  lakeTransactions,
  openWarehouse,
  putCleanRecords,
  type LocalWarehouse,
} from './warehouse-lake';

// The tests only read: one warehouse, loaded once, serves every test of the file.
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const DAY = '2026-03-02';
const DAY_MS = 86_400_000;
const AFFINITY_FILE = 'transforms/17_fact_item_affinity.sql';
const POPULAR_FILE = 'transforms/18_fact_popular_product.sql';

let warehouse: LocalWarehouse;

/** The settings the two transforms declare, as the ELT binds them. */
function declaredSettings(variables: LocalWarehouse['variables']): AffinitySettings {
  const plan = planElt({ sqlDirectory: SQL_DIRECTORY, day: DAY, variables });
  const of = (file: string) => plan.find((step) => step.file === file)?.parameters ?? {};
  const [affinity, popular] = [of(AFFINITY_FILE), of(POPULAR_FILE)];
  return {
    affinityDays: Number(affinity.affinity_days),
    coPurchaseDays: Number(affinity.co_purchase_days),
    minSupport: Number(affinity.min_support),
    relatedPerProduct: Number(affinity.related_per_product),
    popularityDays: Number(popular.popularity_days),
    popularPerCountry: Number(popular.popular_per_country),
  };
}

const dayBefore = (days: number) =>
  new Date(Date.parse(DAY) - days * DAY_MS).toISOString().slice(0, 10);

let settings: AffinitySettings;
let generated: ReturnType<typeof generateDay>;

beforeAll(async () => {
  warehouse = openWarehouse(cloud());
  settings = declaredSettings(warehouse.variables);
  // Every day either window reaches, the day included.
  const days = Math.max(settings.affinityDays, settings.popularityDays);
  generated = generateDay({
    platform: loadPlatform('dev'),
    seed: 11,
    day: DAY,
    size: 'small',
    historyDays: days - 1,
  });
  const { truth } = generated;
  const s3 = new S3Client(cloud().clientConfig);
  for (const bucket of [warehouse.cleanBucket, warehouse.curatedBucket])
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const lines = [...truth.history.transactions, ...truth.transactions];
  await putCleanRecords(s3, warehouse.cleanBucket, 'transactions', lakeTransactions(lines));
  await putCleanRecords(s3, warehouse.cleanBucket, 'interactions', [
    ...truth.history.interactions,
    ...truth.interactions,
  ]);
  await putCleanRecords(s3, warehouse.cleanBucket, 'customers', truth.customers);
  await migrate(warehouse.session, loadMigrations(MIGRATIONS_DIRECTORY));
  // One run catches the window up, as the first nightly run of a new warehouse does.
  const report = await runElt(warehouse.session, {
    sqlDirectory: SQL_DIRECTORY,
    day: DAY,
    fromDay: dayBefore(days - 1),
    variables: warehouse.variables,
  });
  expect(report.skipped).not.toContain('loads/03_transactions.sql');
}, 300_000);

const affinityRows = async (): Promise<AffinityRow[]> =>
  (
    await warehouse.session.query(
      `SELECT product_id, related_product_id, affinity_rank, score, co_purchase_customers,
         co_view_sessions
       FROM dw.fact_item_affinity WHERE as_of_date = CAST(:day AS DATE)
       ORDER BY product_id, affinity_rank`,
      { day: DAY },
    )
  ).map((row: Row) => ({
    product_id: String(row.product_id),
    related_product_id: String(row.related_product_id),
    affinity_rank: Number(row.affinity_rank),
    score: Number(row.score),
    co_purchase_customers: Number(row.co_purchase_customers),
    co_view_sessions: Number(row.co_view_sessions),
  }));

const popularRows = async (): Promise<PopularRow[]> =>
  (
    await warehouse.session.query(
      `SELECT country, product_id, popularity_rank, buyers, units
       FROM dw.fact_popular_product WHERE as_of_date = CAST(:day AS DATE)
       ORDER BY country, popularity_rank`,
      { day: DAY },
    )
  ).map((row: Row) => ({
    country: String(row.country),
    product_id: String(row.product_id),
    popularity_rank: Number(row.popularity_rank),
    buyers: Number(row.buyers),
    units: Number(row.units),
  }));

const byKey = <T extends { product_id: string }>(rows: readonly T[], key: (row: T) => string) =>
  [...rows].sort((a, b) => key(a).localeCompare(key(b)));
/** Twelve significant digits: the engine and JavaScript round a square root alike, but say so. */
const rounded = (rows: readonly AffinityRow[]) =>
  rows.map((row) => ({ ...row, score: Number(row.score.toPrecision(12)) }));

describe('the recommendation tables on a generated history', () => {
  it('ranks the planted companions of a product first among its related products', async () => {
    const { companions } = generated.figures.affinities;
    const related = new Map<string, string[]>();
    for (const row of await affinityRows())
      related.set(row.product_id, [...(related.get(row.product_id) ?? []), row.related_product_id]);
    // Precision at k, k the product's number of companions: the share of its top k that are.
    const precisions = [...related].map(([product, list]) => {
      const planted = companions[product] ?? [];
      const top = list.slice(0, planted.length);
      return top.filter((each) => planted.includes(each)).length / planted.length;
    });
    const mean = precisions.reduce((sum, each) => sum + each, 0) / precisions.length;

    // Nearly every product sold in the window has related products, and they are its companions.
    expect(related.size).toBeGreaterThan(0.8 * Object.keys(companions).length);
    expect(mean).toBeGreaterThan(0.9);
  });

  it('scores and supports every related product as counted from the clean records', async () => {
    const { truth } = generated;
    const expected = expectedAffinities(
      [...truth.history.transactions, ...truth.transactions],
      [...truth.history.interactions, ...truth.interactions],
      DAY,
      settings,
    );
    const key = (row: AffinityRow) => `${row.product_id}|${String(row.affinity_rank).padStart(3)}`;

    const rows = await affinityRows();

    expect(rounded(byKey(rows, key))).toEqual(rounded(byKey(expected, key)));
    expect(rows.some((row) => row.co_purchase_customers > 0 && row.co_view_sessions > 0)).toBe(
      true,
    );
  });

  it('holds each country’s most bought products, as counted from the clean records', async () => {
    const { truth } = generated;
    const expected = expectedPopular(
      [...truth.history.transactions, ...truth.transactions],
      DAY,
      settings,
    );
    const key = (row: PopularRow) => `${row.country}|${String(row.popularity_rank).padStart(3)}`;

    const rows = await popularRows();

    expect(byKey(rows, key)).toEqual(byKey(expected, key));
    expect(new Set(rows.map((row) => row.country)).size).toBeGreaterThan(5);
  });

  it('gives the same rows when the day runs again, and keeps them when an earlier day does', async () => {
    const [affinities, popular] = [await affinityRows(), await popularRows()];

    await warehouse.runDay(DAY);
    await warehouse.runDay(dayBefore(1));

    expect(await affinityRows()).toEqual(affinities);
    expect(await popularRows()).toEqual(popular);
    const [snapshots] = await warehouse.session.query(
      'SELECT COUNT(DISTINCT as_of_date) AS days FROM dw.fact_item_affinity',
    );
    expect(Number(snapshots?.days)).toBe(2);
  });
});

/**
 * The recommendation export's queries (sql/exports/recommendations) on localcloud's warehouse,
 * through the Data API, against a seeded history: every row they return is the one the reference
 * (recommendation-export-reference.ts) computes from the seeds.
 */
import '../../../scripts/shared/aws-sdk-node-notice';
import { loadPlatform } from '../../../infra/platform';
import { warehouseTimeToIso } from '../../../lambdas/export-recommendations/model-items';
import {
  loadSnapshotQueries,
  parametersOf,
  type SnapshotQueryName,
} from '../../../lambdas/export-recommendations/snapshot-queries';
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  expectedPopularEverywhere,
  expectedPopularRows,
  expectedProfiles,
  expectedRelatedRows,
  type ExpectedProfile,
} from './recommendation-export-reference';
import {
  DAY_MS,
  recommendationHistory,
  seedRecommendationWarehouse,
} from './recommendation-warehouse';
import { SQL_DIRECTORY, openWarehouse, type LocalWarehouse } from './warehouse-lake';

// The tests only read: one warehouse, seeded once, serves every test of the file.
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const DAY = '2026-03-02';
const history = recommendationHistory(7, DAY);
const queries = loadSnapshotQueries(SQL_DIRECTORY);
const { profileProducts } = loadPlatform('dev').marketplaceApi.recommendations;
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = openWarehouse(cloud());
  await seedRecommendationWarehouse(warehouse.session, history);
}, 120_000);

const run = (name: SnapshotQueryName, profiles = profileProducts): Promise<Row[]> =>
  warehouse.session.query(
    queries[name].sql,
    parametersOf(queries[name], { as_of_date: DAY, profile_products: String(profiles) }),
  );

/** The profile rows, one entry per customer, in the order they came. */
function profilesOf(rows: readonly Row[]): ExpectedProfile[] {
  const profiles: {
    customer_id: string;
    country: string;
    products: { product_id: string; at: string }[];
  }[] = [];
  for (const row of rows) {
    const previous = profiles.at(-1);
    const last =
      previous !== undefined && previous.customer_id === row.customer_id
        ? previous
        : { customer_id: String(row.customer_id), country: String(row.country), products: [] };
    if (last !== previous) profiles.push(last);
    last.products.push({
      product_id: String(row.product_id),
      at: warehouseTimeToIso(String(row.purchased_at)),
    });
  }
  return profiles;
}

const setting = (name: SnapshotQueryName, key: string) => Number(queries[name].settings[key]);

describe('the recommendation export’s queries on the warehouse', () => {
  it('count the rows of the day’s snapshot only', async () => {
    const [row] = await run('snapshot_size');

    expect(row).toEqual({
      related_rows: history.affinities.filter((each) => each.as_of_date === DAY).length,
      popular_rows: history.popular.filter((each) => each.as_of_date === DAY).length,
    });
  });

  it('return the day’s related products, each product’s together and best first, over more than one page', async () => {
    const rows = await run('related_products');

    expect(rows).toEqual(expectedRelatedRows(history));
    // localcloud pages results by 1,000 records: this one took two.
    expect(rows.length).toBeGreaterThan(1_000);
  });

  it('return the day’s best sellers of each country, best first', async () => {
    expect(await run('popular_products')).toEqual(expectedPopularRows(history));
  });

  it('count every country’s best sellers together, as transform 18 counts a country’s', async () => {
    const rows = await run('popular_everywhere');

    expect(rows).toEqual(
      expectedPopularEverywhere(history, {
        popularityDays: setting('popular_everywhere', 'popularity_days'),
        size: setting('popular_everywhere', 'popular_everywhere'),
      }),
    );
    expect(rows.length).toBeGreaterThan(10);
  });

  it.each([profileProducts, 3])(
    'give each customer of the window their latest country and newest products, %i at most',
    async (kept) => {
      const profiles = profilesOf(await run('customer_profiles', kept));
      const settings = {
        profileDays: setting('customer_profiles', 'profile_days'),
        profileProducts: kept,
      };

      expect(profiles).toEqual(expectedProfiles(history, settings));
      // The seeds reach the edges: capped lists, nothing after the day or before the window.
      expect(profiles.find((each) => each.customer_id === 'C001')?.products).toHaveLength(kept);
      const times = profiles.flatMap((each) =>
        each.products.map((product) => Date.parse(product.at)),
      );
      expect(Math.max(...times)).toBeLessThan(Date.parse(DAY) + DAY_MS);
      expect(Math.min(...times)).toBeGreaterThanOrEqual(
        Date.parse(DAY) - (settings.profileDays - 1) * DAY_MS,
      );
    },
  );

  it('date a product bought twice at its latest purchase, and keep the latest line’s country', async () => {
    const profiles = profilesOf(await run('customer_profiles'));
    const c003 = profiles.find((each) => each.customer_id === 'C003');

    expect(c003?.products.find((product) => product.product_id === 'P010')?.at).toBe(
      new Date(Date.parse(DAY) - 2 * DAY_MS + 5_000).toISOString(),
    );
    expect(profiles.filter((each) => each.country !== 'DE').length).toBeGreaterThan(0);
  });
});

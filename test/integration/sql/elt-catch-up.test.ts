/**
 * The catch-up: one ELT run over a range of days leaves the same facts and dimensions as running
 * each day of it in turn, with the real loads and transforms on localcloud's Redshift. The range
 * here is long enough to be COPYd month by month, and its first month has no files.
 */
import '../../../scripts/shared/aws-sdk-node-notice';
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { runElt, type EltReport } from '../../../lambdas/shared/warehouse/elt';
import { loadMigrations, migrate } from '../../../lambdas/shared/warehouse/migrations';
import { useLocalCloud } from '../../fixtures/localcloud';
import { DAYS, SECOND_DAY, generateDataset } from './warehouse-dataset';
import {
  MIGRATIONS_DIRECTORY,
  SQL_DIRECTORY,
  buildWarehouse,
  openWarehouse,
  type LocalWarehouse,
} from './warehouse-lake';

const cloud = useLocalCloud({}, { resetBeforeEach: false });
/** Twelve days before the dataset's last: more than a week, so each month's path is COPYd. */
const RANGE_START = '2026-02-20';
/** The tables of events and their dimensions, compared whole. */
const EVENT_TABLES = [
  'dw.dim_content',
  'dw.dim_customer',
  'dw.dim_date',
  'dw.dim_device',
  'dw.dim_geography',
  'dw.dim_product',
  'dw.fact_access_event',
  'dw.fact_web_request',
  'dw.fact_sale',
  'dw.fact_interaction',
];
/** The tables dated "as of" a run's day: compared on the last day, which both ran. */
const AS_OF_TABLES = [
  'dw.fact_customer_rfm',
  'dw.fact_customer_features',
  'dw.fact_churn_training',
  'dw.fact_item_affinity',
  'dw.fact_popular_product',
];

let dayByDay: LocalWarehouse;
let caughtUp: LocalWarehouse;
let report: EltReport;

beforeAll(async () => {
  dayByDay = await buildWarehouse(cloud(), generateDataset(), DAYS);
  caughtUp = openWarehouse(cloud(), 'hybrid-lake-catch-up');
  await migrate(caughtUp.session, loadMigrations(MIGRATIONS_DIRECTORY));
  report = await runElt(caughtUp.session, {
    sqlDirectory: SQL_DIRECTORY,
    day: SECOND_DAY,
    fromDay: RANGE_START,
    variables: caughtUp.variables,
  });
}, 300_000);

/** Every row of a table, in one order whatever the engine returns. */
async function rowsOf(warehouse: LocalWarehouse, table: string, where = ''): Promise<string[]> {
  const rows = await warehouse.session.query(`SELECT * FROM ${table} ${where}`);
  return rows.map((row: Row) => JSON.stringify(row)).sort();
}

describe('an ELT run over a range of days', () => {
  it('COPYs each month of the range, and reports the month without files', () => {
    const load = report.files.find((file) => file.file === 'loads/03_transactions.sql');
    expect(load).toMatchObject({ status: 'ran', partitions: { loaded: 1, missing: 1 } });
    expect(report).toMatchObject({ day: SECOND_DAY, fromDay: RANGE_START });
  });

  it.each(EVENT_TABLES)('leaves %s as running each day does', async (table) => {
    const expected = await rowsOf(dayByDay, table);
    expect(expected.length).toBeGreaterThan(0);
    expect(await rowsOf(caughtUp, table)).toEqual(expected);
  });

  it.each(AS_OF_TABLES)('leaves the last day of %s as running each day does', async (table) => {
    const where = `WHERE as_of_date = CAST('${SECOND_DAY}' AS DATE)`;
    expect(await rowsOf(caughtUp, table, where)).toEqual(await rowsOf(dayByDay, table, where));
  });

  it('records the range it loaded, which the next nightly run reads', async () => {
    expect(
      await caughtUp.session.query(
        'SELECT CAST(from_date AS VARCHAR) AS from_date, CAST(to_date AS VARCHAR) AS to_date FROM dw.elt_loaded_range',
      ),
    ).toEqual([{ from_date: RANGE_START, to_date: SECOND_DAY }]);
  });
});

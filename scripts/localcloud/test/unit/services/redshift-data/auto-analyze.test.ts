import { analyzeWhenDue } from '../../../../src/services/redshift-data/execution';
import { PgConnection } from '../../../../src/services/redshift-data/pg-connection';
import { runSimple, runStatement } from '../../../../src/services/redshift-data/pg-wire';

describe('analyzeWhenDue', () => {
  let db: PgConnection;
  beforeAll(async () => {
    db = await PgConnection.open();
  });
  afterAll(async () => {
    await db.close();
  });

  const estimatedRows = async (sql: string) => {
    const plan = String((await runStatement(db, `EXPLAIN ${sql}`)).rows[0]![0]);
    return Number(/rows=(\d+)/.exec(plan)![1]);
  };

  it('analyzes a table once enough of its rows changed, as autovacuum would, and not before', async () => {
    await runSimple(db, 'CREATE SCHEMA shop');
    await runSimple(db, 'CREATE TABLE shop.sale (id INTEGER, customer TEXT)');
    await runSimple(
      db,
      "INSERT INTO shop.sale SELECT g, 'c' || g % 300 FROM generate_series(1, 20000) g",
    );
    // Never analyzed: the planner guesses from the table's size alone.
    expect(await estimatedRows('SELECT * FROM shop.sale WHERE id > 10000')).toBeLessThan(8000);

    expect(await analyzeWhenDue({ db })).toEqual(['shop.sale']);
    expect(await estimatedRows('SELECT * FROM shop.sale WHERE id > 10000')).toBeGreaterThan(9000);

    // 50 rows plus 10 % of 20,000 must change before the next analysis.
    await runSimple(db, 'DELETE FROM shop.sale WHERE id <= 1000');
    expect(await analyzeWhenDue({ db })).toEqual([]);
    await runSimple(db, 'DELETE FROM shop.sale WHERE id <= 3000');
    expect(await analyzeWhenDue({ db })).toEqual(['shop.sale']);
  });
});

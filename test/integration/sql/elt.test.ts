import { useLocalCloud } from '../../fixtures/localcloud';
import { utcDay } from './rfm-reference';
import { DAYS, FIRST_DAY, SECOND_DAY, generateDataset } from './warehouse-dataset';
import { buildWarehouse, runQuery, type LocalWarehouse } from './warehouse-lake';

const cloud = useLocalCloud();
const dataset = generateDataset();

async function count(warehouse: LocalWarehouse, sql: string): Promise<unknown> {
  const [row] = await warehouse.session.query(sql);
  return row?.n;
}

async function factCounts(warehouse: LocalWarehouse) {
  return {
    accessEvents: await count(warehouse, 'SELECT COUNT(*) AS n FROM dw.fact_access_event'),
    webRequests: await count(warehouse, 'SELECT COUNT(*) AS n FROM dw.fact_web_request'),
    sales: await count(warehouse, 'SELECT COUNT(*) AS n FROM dw.fact_sale'),
    interactions: await count(warehouse, 'SELECT COUNT(*) AS n FROM dw.fact_interaction'),
    rfm: await count(warehouse, 'SELECT COUNT(*) AS n FROM dw.fact_customer_rfm'),
    features: await count(warehouse, 'SELECT COUNT(*) AS n FROM dw.fact_customer_features'),
  };
}

describe('the daily ELT (sql/loads, sql/transforms) on the local Redshift', () => {
  it('loads each record once, even with replayed files and a day run twice out of order', async () => {
    // Arrange
    const warehouse = await buildWarehouse(cloud(), dataset, DAYS);
    const before = await runQuery(warehouse, 'most_sold_products');

    // Act
    const rerun = await warehouse.runDay(FIRST_DAY);

    // Assert: two days of data label no churn training rows (that needs a month before).
    expect(dataset.training).toEqual([]);
    expect(rerun.skipped).toEqual(['loads/08_churn_training.sql']);
    expect(await factCounts(warehouse)).toEqual({
      accessEvents: dataset.accessEvents.length,
      webRequests: dataset.webLogs.length,
      sales: dataset.transactions.length,
      interactions: dataset.interactions.length,
      rfm: dataset.rfm.length,
      features: dataset.features.length,
    });
    expect(dataset.features.length).toBeGreaterThan(0);
    expect(await runQuery(warehouse, 'most_sold_products')).toEqual(before);
  });

  it('reports a dataset without files that day as skipped and still completes the day', async () => {
    // Arrange: interactions exist on the first day only.
    const warehouse = await buildWarehouse(cloud(), dataset, [FIRST_DAY]);

    // Act
    const report = await warehouse.runDay(SECOND_DAY);

    // Assert
    expect(report.skipped).toEqual(['loads/04_interactions.sql', 'loads/08_churn_training.sql']);
    expect(report.ran).toContain('transforms/13_fact_interaction.sql');
    const secondDaySales = dataset.transactions.filter(
      (t) => utcDay(t.transaction_time) === SECOND_DAY,
    );
    expect(
      await count(
        warehouse,
        `SELECT COUNT(*) AS n FROM dw.fact_sale WHERE sale_date = '${SECOND_DAY}'`,
      ),
    ).toBe(secondDaySales.length);
    expect(await count(warehouse, 'SELECT COUNT(*) AS n FROM dw.fact_interaction')).toBe(
      dataset.interactions.length,
    );
  });

  it('keeps customers current and infers the ones the register has not delivered', async () => {
    // Arrange
    const warehouse = await buildWarehouse(cloud(), dataset, DAYS);

    // Act
    const customers = await warehouse.session.query(
      'SELECT customer_id, country, email, is_inferred FROM dw.dim_customer ORDER BY customer_id',
    );

    // Assert
    const latest = new Map(dataset.customers.map((c) => [c.customer_id, c]));
    const buyers = new Set(dataset.transactions.map((t) => t.customer_id));
    const withInteractions = dataset.interactions.flatMap((i) => i.customer_id ?? []);
    const expectedIds = [...new Set([...latest.keys(), ...buyers, ...withInteractions])].sort();
    expect(customers).toEqual(
      expectedIds.map((id) => ({
        customer_id: id,
        country: latest.get(id)?.country ?? null,
        email: latest.get(id)?.email ?? null,
        is_inferred: !latest.has(id),
      })),
    );
    expect(customers.find((c) => c.customer_id === 'k03')?.country).toBe('ES');
    expect(customers.find((c) => c.customer_id === 'k15')?.is_inferred).toBe(true);
  });
});

import { loadQuery } from '../../../../lambdas/shared/warehouse/queries';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { warehouseSession } from './warehouse-fixtures';
import { useSqlFolder } from '../../../fixtures/sql-folder';

const cloud = useLocalCloud();
const sql = useSqlFolder();

const QUERY = [
  '-- Orders per customer above a minimum total',
  '-- @param min_total 10.00 Smallest order total counted',
  "-- @param status paid Order status (e.g. 'paid')",
  'SELECT customer, COUNT(*) AS orders, SUM(total) AS revenue',
  'FROM shop.orders',
  'WHERE total >= CAST(:min_total AS DECIMAL(10,2)) AND status = :status',
  'GROUP BY customer ORDER BY customer;',
].join('\n');

describe('named queries against the local Data API', () => {
  it('binds defaults and overrides as Data API parameters and returns typed rows', async () => {
    const session = warehouseSession(cloud());
    await session.batch([
      'CREATE SCHEMA shop',
      'CREATE TABLE shop.orders (customer VARCHAR(16), total DECIMAL(10,2), status VARCHAR(8))',
      "INSERT INTO shop.orders VALUES ('ann', 5.00, 'paid'), ('ann', 12.50, 'paid'), ('bob', 40.00, 'paid'), ('bob', 99.00, 'refunded')",
    ]);
    sql().write({ 'orders_per_customer.sql': QUERY });

    const byDefault = loadQuery(sql().root, 'orders_per_customer');
    const overridden = loadQuery(sql().root, 'orders_per_customer', {
      min_total: '1',
      status: 'refunded',
    });

    expect(await session.query(byDefault.sql, byDefault.parameters)).toEqual([
      { customer: 'ann', orders: 1, revenue: '12.50' },
      { customer: 'bob', orders: 1, revenue: '40.00' },
    ]);
    expect(await session.query(overridden.sql, overridden.parameters)).toEqual([
      { customer: 'bob', orders: 1, revenue: '99.00' },
    ]);
  });
});

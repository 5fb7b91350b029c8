import { useLocalCloud } from '../../fixtures/localcloud';
import { mostSoldProducts, rfmSegments } from './expected-answers';
import { DAYS, FIRST_DAY, SECOND_DAY, generateDataset } from './warehouse-dataset';
import { buildWarehouse, runQuery, type LocalWarehouse } from './warehouse-lake';

// The queries only read: one warehouse, loaded once, serves every test of the file.
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const dataset = generateDataset();
let warehouse: LocalWarehouse;

beforeAll(async () => {
  warehouse = await buildWarehouse(cloud(), dataset, DAYS);
});

describe('sales and customer analytics (sql/queries) over two loaded days', () => {
  it('most_sold_products ranks products by units within each currency', async () => {
    // Act
    const rows = await runQuery(warehouse, 'most_sold_products', { top_n: '3' });

    // Assert
    expect(rows).toEqual(mostSoldProducts(dataset.transactions, 3));
    expect(new Set(rows.map((row) => row.currency))).toEqual(new Set(['EUR', 'USD']));
  });

  it('rfm_segments counts customers per segment in the latest snapshot, or one as of a day', async () => {
    // Act
    const latest = await runQuery(warehouse, 'rfm_segments');
    const asOfFirstDay = await runQuery(warehouse, 'rfm_segments', { as_of_date: FIRST_DAY });

    // Assert
    expect(latest).toEqual(rfmSegments(dataset.rfm, SECOND_DAY));
    expect(asOfFirstDay).toEqual(rfmSegments(dataset.rfm, FIRST_DAY));
    expect(latest.every((row) => row.as_of_date === SECOND_DAY)).toBe(true);
  });
});

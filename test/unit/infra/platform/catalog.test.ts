import {
  catalogDatabaseName,
  catalogTableFor,
  catalogTables,
  derivedDatasets,
  loadPlatform,
  sourceDatasets,
  partitionLocation,
  tableLocation,
} from '../../../../infra/platform';

const dev = loadPlatform('dev');
const dataset = (name: string) => dev.datasets.find((each) => each.name === name)!;

describe('the catalog the definition implies', () => {
  it('names one database per zone in lower case with underscores', () => {
    expect(dev.zones.map((zone) => catalogDatabaseName(dev, zone.name))).toEqual([
      'hybrid_lake_dev_landing',
      'hybrid_lake_dev_raw',
      'hybrid_lake_dev_clean',
      'hybrid_lake_dev_curated',
    ]);
    expect(catalogDatabaseName(loadPlatform('prod'), 'raw')).toBe('hybrid_lake_prod_raw');
  });

  it('has a table per dataset in each zone that stores it, and none in landing', () => {
    const tables = catalogTables(dev);

    const sources = sourceDatasets(dev).map((each) => each.name);
    const tablesIn = (zone: string) =>
      tables.filter((table) => table.zone === zone).map((table) => table.table);

    expect(tables).toHaveLength(dev.datasets.length + sources.length);
    expect(tables.some((table) => table.zone === 'landing')).toBe(false);
    expect(tablesIn('raw')).toEqual(sources);
    expect(tablesIn('clean')).toEqual(sources);
    expect(tablesIn('curated')).toEqual(derivedDatasets(dev).map((each) => each.name));
    expect(tablesIn('curated')).toContain('customer_rfm');
  });

  it('leaves projected datasets to projection, and registers the others by events', () => {
    const projected = catalogTables(dev).filter((table) => !table.registeredByEvents);

    expect(new Set(projected.map((table) => table.dataset.name))).toEqual(new Set(['web_logs']));
    expect(catalogTableFor(dev, 'raw', 'access_events')).toMatchObject({
      database: 'hybrid_lake_dev_raw',
      table: 'access_events',
      registeredByEvents: true,
    });
    expect(catalogTableFor(dev, 'landing', 'access_events')).toBeUndefined();
    expect(catalogTableFor(dev, 'raw', 'no_such_dataset')).toBeUndefined();
  });

  it('locates tables and partitions under the dataset prefix, keys in order', () => {
    expect(tableLocation('bucket-raw', dataset('transactions'))).toBe(
      's3://bucket-raw/transactions/',
    );
    expect(partitionLocation('bucket-raw', dataset('transactions'), ['2026', '03', '08'])).toBe(
      's3://bucket-raw/transactions/year=2026/month=03/day=08/',
    );
    expect(() => partitionLocation('b', dataset('transactions'), ['2026'])).toThrow(
      'transactions has 3 partition keys, got 1 values',
    );
  });
});

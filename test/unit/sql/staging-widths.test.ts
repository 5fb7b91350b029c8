/**
 * The platform definition's `maxLength` of each string column is the width of its VARCHAR in the
 * warehouse's staging tables: what the API and the event producer refuse is exactly what a COPY
 * into staging would fail on, no more, no less.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform, sourceDatasets } from '../../../infra/platform';

const STAGING_DDL = join(__dirname, '../../../sql/migrations/V002__staging_clean.sql');

/** `staging.<table>` → column → VARCHAR width, read from the migration. */
function stagingWidths(): Map<string, Map<string, number>> {
  const tables = new Map<string, Map<string, number>>();
  const ddl = readFileSync(STAGING_DDL, 'utf8');
  for (const table of ddl.matchAll(/CREATE TABLE staging\.(\w+) \(([\s\S]*?)\n\)/g)) {
    const columns = new Map<string, number>();
    for (const column of table[2]!.matchAll(/^\s+(\w+) VARCHAR\((\d+)\)/gm))
      columns.set(column[1]!, Number(column[2]));
    tables.set(table[1]!, columns);
  }
  return tables;
}

describe('string widths', () => {
  const widths = stagingWidths();
  const datasets = sourceDatasets(loadPlatform('dev')).filter((dataset) =>
    widths.has(dataset.name),
  );

  it('reads the staging table of every source dataset that has one', () => {
    expect(datasets.map((dataset) => dataset.name).sort()).toEqual(
      ['access_events', 'customers', 'interactions', 'transactions', 'web_logs'].sort(),
    );
  });

  it.each(datasets.map((dataset) => [dataset.name, dataset] as const))(
    '%s: each string column is as wide as its VARCHAR',
    (name, dataset) => {
      const staged = widths.get(name)!;
      const declared = dataset.columns
        .filter((column) => staged.has(column.name))
        .map((column) => [column.name, column.maxLength]);
      expect(declared).toEqual([...staged.entries()]);
    },
  );
});

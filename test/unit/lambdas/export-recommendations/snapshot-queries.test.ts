import { ExportQueryError } from '../../../../lambdas/export-recommendations/errors';
import {
  SNAPSHOT_QUERY_NAMES,
  loadSnapshotQueries,
  parametersOf,
} from '../../../../lambdas/export-recommendations/snapshot-queries';
import { SQL_SOURCE_DIRECTORY } from '../../../../infra/aws/facts/warehouse';
import { useSqlFolder } from '../../../fixtures/sql-folder';

const sql = useSqlFolder();
const BINDINGS = { as_of_date: '2026-03-02', profile_products: '20' };

/** The repository's files, with one of them replaced. */
function folderWith(name: string, text: string): string {
  const files = Object.fromEntries(
    SNAPSHOT_QUERY_NAMES.map((each) => [`exports/recommendations/${each}.sql`, 'SELECT 1;']),
  );
  sql().write({ ...files, [`exports/recommendations/${name}.sql`]: text });
  return sql().root;
}

describe('the export’s queries', () => {
  const queries = loadSnapshotQueries(SQL_SOURCE_DIRECTORY);

  it('binds each file its settings and only the bindings it uses', () => {
    expect(parametersOf(queries.related_products, BINDINGS)).toEqual({ as_of_date: '2026-03-02' });
    expect(parametersOf(queries.customer_profiles, BINDINGS)).toEqual({
      as_of_date: '2026-03-02',
      profile_products: '20',
      profile_days: '90',
    });
    expect(parametersOf(queries.popular_everywhere, BINDINGS)).toEqual({
      as_of_date: '2026-03-02',
      popularity_days: '30',
      popular_everywhere: '50',
    });
  });

  it('refuses a file that is missing, holds two statements, or uses an unknown name', () => {
    expect(() => loadSnapshotQueries(sql().root)).toThrow(ExportQueryError);
    expect(() =>
      loadSnapshotQueries(folderWith('related_products', 'SELECT 1; SELECT 2;')),
    ).toThrow(/holds 2 statements/);
    expect(() =>
      loadSnapshotQueries(folderWith('popular_products', 'SELECT :country_code;')),
    ).toThrow(/:country_code is neither declared nor bound/);
    expect(() =>
      loadSnapshotQueries(folderWith('popular_products', '-- @param top 5 Rows.\nSELECT 1;')),
    ).toThrow(/top declared but never used/);
  });
});

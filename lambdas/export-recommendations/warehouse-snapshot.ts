/**
 * The warehouse's snapshot of a day as the export reads it, a port with one adapter over the Data
 * API: how many rows the snapshot holds, and each query's rows page by page (GetStatementResult
 * with NextToken), so no night is held in memory whole.
 */
import type { Row, WarehouseSession } from '../shared/warehouse/data-api';
import { SnapshotRowError } from './errors';
import { parametersOf, type SnapshotQueries, type SnapshotQueryName } from './snapshot-queries';

/** Rows of the day in the two snapshot tables. */
export interface SnapshotSize {
  readonly related: number;
  readonly popular: number;
}

/** The files that return rows to make items of. */
export type ItemQueryName = Exclude<SnapshotQueryName, 'snapshot_size'>;

export interface SnapshotSource {
  size(day: string): Promise<SnapshotSize>;
  pages(name: ItemQueryName, day: string): AsyncIterable<readonly Row[]>;
}

export function warehouseSnapshot(
  session: WarehouseSession,
  queries: SnapshotQueries,
  profileProducts: number,
): SnapshotSource {
  const bindings = (day: string) => ({
    as_of_date: day,
    profile_products: String(profileProducts),
  });
  return {
    async size(day) {
      const query = queries.snapshot_size;
      const [row] = await session.query(query.sql, parametersOf(query, bindings(day)));
      const count = (column: string): number => {
        // COUNT(*) is a BIGINT: the Data API returns it as a long.
        const value = row?.[column];
        if (typeof value !== 'number')
          throw new SnapshotRowError(`snapshot_size returned ${JSON.stringify(row)}`);
        return value;
      };
      return { related: count('related_rows'), popular: count('popular_rows') };
    },
    pages(name, day) {
      const query = queries[name];
      return session.queryPages(query.sql, parametersOf(query, bindings(day)));
    },
  };
}

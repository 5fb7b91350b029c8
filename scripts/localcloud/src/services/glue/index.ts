/**
 * Glue Data Catalog (AWS JSON 1.1, `X-Amz-Target: AWSGlue.<Operation>`): databases, tables and
 * partitions, with GetPartitions' predicate filter. See README.md for the operations and
 * their limits.
 */
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createJsonService } from '../../core/json-protocol';
import { GlueCatalog, type CatalogSnapshot } from './catalog-state';
import { databaseOperations } from './database-operations';
import { getPartitionsOperation } from './get-partitions';
import { partitionBatchOperations } from './partition-batches';
import { partitionOperations } from './partition-operations';
import { tableOperations } from './table-operations';

export interface GlueService extends ServiceHandler {
  /** Values of every partition of a table, in key order (for tests and tooling). */
  partitionValues(databaseName: string, tableName: string): string[][];
}

export function createGlueService(context: LocalCloudContext): GlueService {
  const catalog = new GlueCatalog();
  const service = createJsonService({
    signingName: 'glue',
    targetPrefix: 'AWSGlue',
    jsonVersion: '1.1',
    operations: {
      ...databaseOperations(catalog, context),
      ...tableOperations(catalog, context),
      ...partitionOperations(catalog, context),
      ...partitionBatchOperations(catalog, context),
      ...getPartitionsOperation(catalog, context),
    },
    context,
    reset: () => catalog.clear(),
    snapshot: () => catalog.snapshot(),
    restore: (state) => catalog.restore(state as CatalogSnapshot),
  });
  return {
    ...service,
    partitionValues(databaseName, tableName) {
      const table = catalog.table(databaseName.toLowerCase(), tableName.toLowerCase());
      return [...table.partitions.values()]
        .map((partition) => [...partition.values])
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    },
  };
}

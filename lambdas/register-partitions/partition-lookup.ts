/**
 * Which of a table's pending partitions the catalog already has: BatchGetPartition, at most
 * 1000 partitions per call (the API's limit). Keys the service leaves unprocessed are asked
 * again with backoff, like a throttled call.
 */
import type { CatalogTable } from '../../infra/platform';
import type { RetryPolicy } from '../shared/backoff';
import type { CatalogApi } from './catalog-api';
import type { PendingPartition } from './pending-partitions';
import { callInSlices } from './sliced-catalog-call';
import type { PlatformError } from '../shared/errors';

/** BatchGetPartition's `PartitionsToGet` limit. */
export const MAX_PARTITIONS_PER_GET = 1000;

export interface LookupResult {
  /** Ids of the partitions the catalog has. */
  readonly existing: ReadonlySet<string>;
  /** Partitions whose lookup failed, by id. */
  readonly failed: ReadonlyMap<string, PlatformError>;
}

/** Values as one string, to match what the catalog returns with what was asked. */
export const valuesKey = (values: readonly string[] | undefined): string =>
  JSON.stringify(values ?? []);

export async function lookUpPartitions(
  api: CatalogApi,
  table: CatalogTable,
  partitions: readonly PendingPartition[],
  retry: RetryPolicy,
): Promise<LookupResult> {
  const existing = new Set<string>();
  const call = {
    operation: 'BatchGetPartition',
    table,
    perCall: MAX_PARTITIONS_PER_GET,
    retry,
    leftOverDescription: 'left partitions unprocessed',
  };
  const failed = await callInSlices(
    call,
    partitions,
    async (pending) => {
      const byValues = new Map(
        pending.map((partition) => [valuesKey(partition.values), partition]),
      );
      const { Partitions = [], UnprocessedKeys = [] } = await api.batchGetPartition({
        DatabaseName: table.database,
        TableName: table.table,
        PartitionsToGet: pending.map((partition) => ({ Values: [...partition.values] })),
      });
      for (const found of Partitions) {
        const partition = byValues.get(valuesKey(found.Values));
        if (partition) existing.add(partition.id);
      }
      return UnprocessedKeys.flatMap((key) => byValues.get(valuesKey(key.Values)) ?? []);
    },
    (id) => existing.has(id),
  );
  return { existing, failed };
}

/**
 * Registering a table's missing partitions: BatchCreatePartition, at most 100 partitions per call
 * (the API's limit), each with the table's storage descriptor and its own location. The call
 * reports per-entry errors and applies the other entries: "already exists" means someone else
 * registered it meanwhile (success), throttled entries are sent again with backoff, and any other
 * error belongs to that partition alone.
 */
import type { PartitionInput, StorageDescriptor } from '@aws-sdk/client-glue';
import type { CatalogTable } from '../../infra/platform';
import type { RetryPolicy } from '../shared/backoff';
import { isRetryableCode } from './backoff';
import type { CatalogApi } from './catalog-api';
import { PartitionRejectedError } from './errors';
import { valuesKey } from './partition-lookup';
import type { PartitionTarget } from './partition-path';
import type { PendingPartition } from './pending-partitions';
import { callInSlices } from './sliced-catalog-call';
import type { PlatformError } from '../shared/errors';

/** BatchCreatePartition's `PartitionInputList` limit. */
export const MAX_PARTITIONS_PER_CREATE = 100;

export interface CreationResult {
  /** Ids of the partitions this call created. */
  readonly created: readonly string[];
  /** Ids of the partitions someone else created first. */
  readonly alreadyExisted: readonly string[];
  /** Partitions that could not be created, by id. */
  readonly failed: ReadonlyMap<string, PlatformError>;
}

/** The partition as Glue stores it: the table's descriptor, pointed at the partition's folder. */
export function partitionInput(
  partition: PartitionTarget,
  storageDescriptor: StorageDescriptor,
): PartitionInput {
  return {
    Values: [...partition.values],
    StorageDescriptor: { ...storageDescriptor, Location: partition.location },
  };
}

export async function createPartitions(
  api: CatalogApi,
  table: CatalogTable,
  storageDescriptor: StorageDescriptor,
  partitions: readonly PendingPartition[],
  retry: RetryPolicy,
): Promise<CreationResult> {
  const created: string[] = [];
  const alreadyExisted: string[] = [];
  const call = {
    operation: 'BatchCreatePartition',
    table,
    perCall: MAX_PARTITIONS_PER_CREATE,
    retry,
    leftOverDescription: 'kept failing',
  };
  const failed = await callInSlices(
    call,
    partitions,
    async (pending, rejected) => {
      const byValues = new Map(
        pending.map((partition) => [valuesKey(partition.values), partition]),
      );
      const { Errors = [] } = await api.batchCreatePartition({
        DatabaseName: table.database,
        TableName: table.table,
        PartitionInputList: pending.map((partition) =>
          partitionInput(partition, storageDescriptor),
        ),
      });
      const retryAgain: PendingPartition[] = [];
      const settled = new Set<string>();
      for (const entry of Errors) {
        const partition = byValues.get(valuesKey(entry.PartitionValues));
        if (!partition) continue;
        settled.add(partition.id);
        const code = entry.ErrorDetail?.ErrorCode ?? 'UnknownError';
        if (code === 'AlreadyExistsException') alreadyExisted.push(partition.id);
        else if (isRetryableCode(code)) retryAgain.push(partition);
        else
          rejected.set(
            partition.id,
            new PartitionRejectedError(code, entry.ErrorDetail?.ErrorMessage ?? ''),
          );
      }
      for (const partition of pending) if (!settled.has(partition.id)) created.push(partition.id);
      return retryAgain;
    },
    (id) => created.includes(id) || alreadyExisted.includes(id),
  );
  return { created, alreadyExisted, failed };
}

/**
 * One Glue batch call over a table's partitions, the way both the lookup and the creation make it:
 * cut into slices the API accepts, each slice sent again with backoff for as long as some of its
 * partitions come back to be retried, and every partition of the slice answered in the end. A
 * partition still coming back after the last attempt fails with CatalogRetriesExhaustedError; a
 * call that throws fails every partition of its slice not answered yet, with the call's error.
 */
import type { CatalogTable } from '../../infra/platform';
import type { RetryPolicy } from '../shared/backoff';
import { retryWithBackoff } from './backoff';
import { catalogCallFailure, CatalogRetriesExhaustedError } from './errors';
import { tableId } from './partition-path';
import { chunk } from '../shared/backoff';
import type { PendingPartition } from './pending-partitions';
import type { PlatformError } from '../shared/errors';

export interface SlicedCatalogCall {
  /** The Glue operation, as the errors name it: `BatchGetPartition`. */
  readonly operation: string;
  readonly table: CatalogTable;
  /** The operation's limit of partitions per call. */
  readonly perCall: number;
  readonly retry: RetryPolicy;
  /** What the partitions still left did, for their error: `kept failing`. */
  readonly leftOverDescription: string;
}

/**
 * Sends `partitions` slice by slice through `send`, which makes one call and returns the
 * partitions to send again; `send` may record a partition's own failure in `failed`.
 * `answered(id)` says whether the caller already has an outcome for a partition, so that a call
 * failing on a later attempt does not overwrite it. Resolves to the failed partitions, by id.
 */
export async function callInSlices(
  call: SlicedCatalogCall,
  partitions: readonly PendingPartition[],
  send: (
    pending: readonly PendingPartition[],
    failed: Map<string, PlatformError>,
  ) => Promise<readonly PendingPartition[]>,
  answered: (id: string) => boolean,
): Promise<Map<string, PlatformError>> {
  const failed = new Map<string, PlatformError>();
  const table = tableId(call.table);
  for (const slice of chunk(partitions, call.perCall)) {
    try {
      const left = await retryWithBackoff(slice, (pending) => send(pending, failed), call.retry);
      const exhausted = new CatalogRetriesExhaustedError(
        `${call.operation} on ${table} ${call.leftOverDescription} after ${call.retry.maxAttempts} attempts`,
      );
      for (const partition of left) failed.set(partition.id, exhausted);
    } catch (cause) {
      const error = catalogCallFailure(call.operation, table, cause);
      for (const partition of slice)
        if (!answered(partition.id) && !failed.has(partition.id)) failed.set(partition.id, error);
    }
  }
  return failed;
}

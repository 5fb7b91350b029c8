/**
 * BatchCreatePartition, BatchGetPartition, BatchDeletePartition. Problems with one entry
 * (already there, wrong number of values, not found) are reported per entry and the others
 * still apply; only request-level problems (limits, missing table) fail the whole call.
 */
import type { LocalCloudContext } from '../../core/context';
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { readTableTarget } from './catalog-scope';
import { partitionKeyOf, type GlueCatalog } from './catalog-state';
import { epochSeconds } from './database-operations';
import { partitionNotFound } from './errors';
import { insertPartition, partitionError, readPartitionInput, readValues } from './partition-rules';
import { RequestValidator } from './validation';
import { partitionView } from './views';

/** The model's list limits. */
export const MAX_BATCH_CREATE = 100;
export const MAX_BATCH_GET = 1000;
export const MAX_BATCH_DELETE = 25;

export function partitionBatchOperations(
  catalog: GlueCatalog,
  context: LocalCloudContext,
): Record<string, JsonOperation> {
  return {
    BatchCreatePartition(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      const entries = check
        .requiredList('PartitionInputList', MAX_BATCH_CREATE)
        .map((entry) => readPartitionInput(check, 'PartitionInputList.member', entry));
      check.done();
      const { table } = resolve('BatchCreatePartition');
      const createTime = epochSeconds(context);
      let accountPartitions = catalog.partitionCount();
      const errors: WireJson[] = [];
      for (const entry of entries) {
        const error = insertPartition(table, entry, createTime, accountPartitions);
        if (error) errors.push(partitionError(entry.values, error));
        else accountPartitions += 1;
      }
      return { Errors: errors };
    },

    BatchGetPartition(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      const wanted = check
        .requiredList('PartitionsToGet', MAX_BATCH_GET)
        .map((entry) => readValues(check, 'PartitionsToGet.member.Values', entry?.Values));
      check.done();
      const { table, catalogId } = resolve('BatchGetPartition');
      const seen = new Set<string>();
      const partitions: WireJson[] = [];
      for (const values of wanted) {
        const key = partitionKeyOf(values);
        const partition = table.partitions.get(key);
        // A partition that does not exist is simply not returned; asking twice returns it once.
        if (!partition || seen.has(key)) continue;
        seen.add(key);
        partitions.push(partitionView(partition, table.record, catalogId));
      }
      // Everything is processed in one pass here, so nothing is left for a retry.
      return { Partitions: partitions, UnprocessedKeys: [] };
    },

    BatchDeletePartition(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      const doomed = check
        .requiredList('PartitionsToDelete', MAX_BATCH_DELETE)
        .map((entry) => readValues(check, 'PartitionsToDelete.member.Values', entry?.Values));
      check.done();
      const { table } = resolve('BatchDeletePartition');
      const errors: WireJson[] = [];
      for (const values of doomed) {
        if (!table.partitions.delete(partitionKeyOf(values)))
          errors.push(partitionError(values, partitionNotFound()));
      }
      return { Errors: errors };
    },
  };
}

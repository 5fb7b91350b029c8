/** CreatePartition, GetPartition, UpdatePartition, DeletePartition. */
import type { LocalCloudContext } from '../../core/context';
import type { JsonOperation } from '../../core/json-protocol';
import { readTableTarget } from './catalog-scope';
import { partitionKeyOf, type GlueCatalog } from './catalog-state';
import { epochSeconds } from './database-operations';
import {
  alreadyExists,
  invalidInput,
  partitionNotFound,
  VALUE_COUNT_MISMATCH_MESSAGE,
} from './errors';
import {
  hasValueCountOf,
  insertPartition,
  readPartitionInput,
  readValues,
} from './partition-rules';
import { RequestValidator } from './validation';
import { partitionView } from './views';

export function partitionOperations(
  catalog: GlueCatalog,
  context: LocalCloudContext,
): Record<string, JsonOperation> {
  return {
    CreatePartition(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      check.requiredObject('PartitionInput');
      const partition = readPartitionInput(check, 'PartitionInput', input.PartitionInput);
      check.done();
      const { table } = resolve('CreatePartition');
      const error = insertPartition(
        table,
        partition,
        epochSeconds(context),
        catalog.partitionCount(),
      );
      if (error) throw error;
      return {};
    },

    GetPartition(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      const values = readValues(check, 'PartitionValues', input.PartitionValues);
      check.done();
      const { table, catalogId } = resolve('GetPartition');
      const partition = table.partitions.get(partitionKeyOf(values));
      if (!partition) throw partitionNotFound();
      return { Partition: partitionView(partition, table.record, catalogId) };
    },

    UpdatePartition(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      const values = readValues(check, 'PartitionValueList', input.PartitionValueList);
      check.requiredObject('PartitionInput');
      const replacement = readPartitionInput(check, 'PartitionInput', input.PartitionInput);
      check.done();
      const { table } = resolve('UpdatePartition');
      const key = partitionKeyOf(values);
      const current = table.partitions.get(key);
      if (!current) throw partitionNotFound();
      // An update may also move the partition to new values; without Values it keeps its own.
      const newValues = replacement.values.length > 0 ? replacement.values : [...current.values];
      if (!hasValueCountOf(table, newValues)) throw invalidInput(VALUE_COUNT_MISMATCH_MESSAGE);
      const newKey = partitionKeyOf(newValues);
      if (newKey !== key && table.partitions.has(newKey)) throw alreadyExists('Partition');
      table.partitions.delete(key);
      table.partitions.set(newKey, {
        values: newValues,
        createTime: current.createTime,
        definition: replacement.definition,
      });
      return {};
    },

    DeletePartition(input) {
      const check = new RequestValidator(input);
      const resolve = readTableTarget(check, catalog, context);
      const values = readValues(check, 'PartitionValues', input.PartitionValues);
      check.done();
      const { table } = resolve('DeletePartition');
      if (!table.partitions.delete(partitionKeyOf(values))) throw partitionNotFound();
      return {};
    },
  };
}

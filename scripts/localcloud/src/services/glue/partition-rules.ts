/**
 * What creating a partition requires, shared by CreatePartition (which throws the error) and
 * BatchCreatePartition (which reports it per entry in Errors[] and carries on).
 */
import type { AwsError } from '../../core/aws-error';
import type { WireJson } from '../../core/json-protocol';
import { partitionKeyOf, type StoredPartition, type TableEntry } from './catalog-state';
import {
  alreadyExists,
  invalidInput,
  resourceLimitExceeded,
  VALUE_COUNT_MISMATCH_MESSAGE,
} from './errors';
import { withoutMember, type RequestValidator } from './validation';
import { partitionKeysOf } from './views';

/** Glue's default quotas. */
export const MAX_PARTITIONS_PER_TABLE = 10_000_000;
export const MAX_PARTITIONS_PER_ACCOUNT = 20_000_000;

export interface PartitionInput {
  readonly values: string[];
  /** PartitionInput without Values. */
  readonly definition: WireJson;
}

/** Checks a PartitionInput's model constraints; `member` names it in messages. */
export function readPartitionInput(
  check: RequestValidator,
  member: string,
  value: unknown,
): PartitionInput {
  const input = (value && typeof value === 'object' ? value : {}) as WireJson;
  const values = readValues(check, `${member}.Values`, input.Values ?? []);
  return { values, definition: withoutMember(input, 'Values') };
}

/** A partition value list: up to 100 values (the model's limit) of up to 1024 characters each. */
export function readValues(check: RequestValidator, member: string, value: unknown): string[] {
  const values = check.requiredList(member, 100, value) as unknown[];
  return values.map((entry) => check.requiredString(`${member}.member`, { max: 1024 }, entry));
}

export function hasValueCountOf(table: TableEntry, values: readonly string[]): boolean {
  return partitionKeysOf(table.record).length === values.length;
}

/** Adds the partition, or says why Glue would not. `accountPartitions` counts every table's. */
export function insertPartition(
  table: TableEntry,
  input: PartitionInput,
  createTime: number,
  accountPartitions: number,
): AwsError | undefined {
  if (!hasValueCountOf(table, input.values)) return invalidInput(VALUE_COUNT_MISMATCH_MESSAGE);
  const key = partitionKeyOf(input.values);
  if (table.partitions.has(key)) return alreadyExists('Partition');
  if (table.partitions.size >= MAX_PARTITIONS_PER_TABLE)
    return resourceLimitExceeded(
      `Number of partitions in table ${table.record.name} would exceed ${MAX_PARTITIONS_PER_TABLE}.`,
    );
  if (accountPartitions >= MAX_PARTITIONS_PER_ACCOUNT)
    return resourceLimitExceeded(
      `Number of partitions in the account would exceed ${MAX_PARTITIONS_PER_ACCOUNT}.`,
    );
  const partition: StoredPartition = {
    values: input.values,
    createTime,
    definition: input.definition,
  };
  table.partitions.set(key, partition);
  return undefined;
}

/** A PartitionError entry of a batch response. */
export function partitionError(values: readonly string[], error: AwsError): WireJson {
  return {
    PartitionValues: [...values],
    ErrorDetail: { ErrorCode: error.code, ErrorMessage: error.message },
  };
}

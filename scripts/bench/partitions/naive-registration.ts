/**
 * The baseline: what registration looks like without batching or caching. For each object, in
 * arrival order: GetPartition, and CreatePartition when it is missing ("already exists" from a
 * race counts as done). The table's storage descriptor is read once per table, which is
 * generous to the baseline; everything else is per object.
 */
import {
  CreatePartitionCommand,
  GetPartitionCommand,
  GetTableCommand,
  type GlueClient,
  type StorageDescriptor,
} from '@aws-sdk/client-glue';
import type { Platform } from '../../../infra/platform';
import { parseS3ObjectNotice } from '../../../lambdas/register-partitions/event';
import { partitionOfObject } from '../../../lambdas/register-partitions/partition-path';
import type { SQSRecord } from 'aws-lambda';

const nameOf = (error: unknown) => (error instanceof Error ? error.name : '');

export async function registerNaively(
  glue: GlueClient,
  platform: Platform,
  records: readonly SQSRecord[],
): Promise<void> {
  const descriptors = new Map<string, StorageDescriptor>();
  for (const record of records) {
    const notice = parseS3ObjectNotice(record.body);
    const where = partitionOfObject(platform, notice.bucket, notice.key);
    if (where.action !== 'register') continue;
    const { table, values, location } = where.partition;
    try {
      await glue.send(
        new GetPartitionCommand({
          DatabaseName: table.database,
          TableName: table.table,
          PartitionValues: [...values],
        }),
      );
      continue;
    } catch (error) {
      if (nameOf(error) !== 'EntityNotFoundException') throw error;
    }
    const tableKey = `${table.database}.${table.table}`;
    let descriptor = descriptors.get(tableKey);
    if (!descriptor) {
      const { Table } = await glue.send(
        new GetTableCommand({ DatabaseName: table.database, Name: table.table }),
      );
      descriptor = Table?.StorageDescriptor ?? {};
      descriptors.set(tableKey, descriptor);
    }
    try {
      await glue.send(
        new CreatePartitionCommand({
          DatabaseName: table.database,
          TableName: table.table,
          PartitionInput: {
            Values: [...values],
            StorageDescriptor: { ...descriptor, Location: location },
          },
        }),
      );
    } catch (error) {
      if (nameOf(error) !== 'AlreadyExistsException') throw error;
    }
  }
}

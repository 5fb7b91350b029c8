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
import {
  partitionsOfReadings,
  type PartitionTarget,
} from '../../../lambdas/register-partitions/partition-path';
import type { LakeIdentity } from '../../../lambdas/shared/lake-buckets';
import type { SQSRecord } from 'aws-lambda';

const nameOf = (error: unknown) => (error instanceof Error ? error.name : '');

export async function registerNaively(
  glue: GlueClient,
  platform: Platform,
  lake: LakeIdentity,
  records: readonly SQSRecord[],
): Promise<void> {
  const descriptors = new Map<string, StorageDescriptor>();
  for (const record of records) {
    const notice = parseS3ObjectNotice(record.body);
    const where = partitionsOfReadings(platform, lake, notice.bucket, notice.keys);
    if (where.action !== 'register') continue;
    for (const partition of where.partitions) await registerOne(glue, descriptors, partition);
  }
}

async function registerOne(
  glue: GlueClient,
  descriptors: Map<string, StorageDescriptor>,
  { table, values, location }: PartitionTarget,
): Promise<void> {
  try {
    await glue.send(
      new GetPartitionCommand({
        DatabaseName: table.database,
        TableName: table.table,
        PartitionValues: [...values],
      }),
    );
    return;
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

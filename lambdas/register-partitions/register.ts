/**
 * The core: make sure every pending partition is in the catalog, with as few calls as possible.
 * Partitions this container has seen cost nothing; the rest are looked up per table with
 * BatchGetPartition, and only those still missing are created with BatchCreatePartition, their
 * storage descriptor copied from the table. Tables are handled side by side.
 */
import { countingCatalogApi } from './catalog-api';
import { createPartitions } from './partition-creation';
import { lookUpPartitions } from './partition-lookup';
import { groupByTable, type PendingPartition } from './pending-partitions';
import type { RegistrationDependencies } from './registration-dependencies';
import type { RegistrationTally } from './tally';
import { type PlatformError, isPermanentError } from '../shared/errors';

/** Registers what is missing. @returns the partitions that could not be registered, by id. */
export async function registerPartitions(
  pending: readonly PendingPartition[],
  deps: RegistrationDependencies,
  tally: RegistrationTally,
): Promise<Map<string, PlatformError>> {
  const api = countingCatalogApi(deps.catalog, () => {
    tally.glueCalls += 1;
  });
  const failures = new Map<string, PlatformError>();
  const unknown = pending.filter((partition) => !deps.knownPartitions.has(partition.id));
  tally.partitions += pending.length;
  tally.knownFromCache += pending.length - unknown.length;

  await Promise.all(
    groupByTable(unknown).map(async (partitions) => {
      const table = partitions[0]!.table;
      const lookup = await lookUpPartitions(api, table, partitions, deps.retry);
      for (const [id, error] of lookup.failed) failures.set(id, error);
      for (const id of lookup.existing) deps.knownPartitions.remember(id);
      tally.knownFromCatalog += lookup.existing.size;
      const missing = partitions.filter(
        (partition) => !lookup.existing.has(partition.id) && !lookup.failed.has(partition.id),
      );
      if (missing.length === 0) return;

      let storageDescriptor;
      try {
        storageDescriptor = await deps.tableDefinitions.storageDescriptor(table, api, deps.retry);
      } catch (error) {
        for (const partition of missing) failures.set(partition.id, error as PlatformError);
        return;
      }
      const creation = await createPartitions(api, table, storageDescriptor, missing, deps.retry);
      for (const id of [...creation.created, ...creation.alreadyExisted])
        deps.knownPartitions.remember(id);
      tally.registered += creation.created.length;
      tally.knownFromCatalog += creation.alreadyExisted.length;
      for (const [id, error] of creation.failed) failures.set(id, error);
    }),
  );

  for (const partition of pending) {
    const error = failures.get(partition.id);
    if (!error) continue;
    const details = {
      database: partition.table.database,
      table: partition.table.table,
      values: partition.values,
      records: partition.messageIds.length,
      error: { name: error.name, message: error.message, cause: causeOf(error) },
    };
    if (isPermanentError(error))
      deps.logger.error('Partition cannot be registered; its records go to the DLQ', details);
    else deps.logger.warn('Partition not registered; SQS will deliver its records again', details);
  }
  return failures;
}

function causeOf(error: Error): { name: string; message: string } | undefined {
  return error.cause instanceof Error
    ? { name: error.cause.name, message: error.cause.message }
    : undefined;
}

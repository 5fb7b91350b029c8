/**
 * The storage descriptor each new partition copies from its table (columns, formats, SerDe),
 * read with GetTable once per table per container and kept for a while: tables change only when
 * the CatalogStack is deployed, and a schema change then reaches new partitions within the TTL.
 * The table's partition keys are checked against the platform definition, because a partition
 * registered under keys the table does not have would be unreadable.
 */
import type { StorageDescriptor, Table } from '@aws-sdk/client-glue';
import type { CatalogTable } from '../../infra/platform';
import type { RetryPolicy } from '../shared/backoff';
import { retryWithBackoff } from './backoff';
import type { CatalogApi } from './catalog-api';
import { catalogCallFailure, CatalogRetriesExhaustedError, CatalogTableError } from './errors';
import { tableId } from './partition-path';

/** How long a table definition is trusted, ms. */
export const DEFAULT_TABLE_TTL_MS = 15 * 60 * 1000;

interface CachedDefinition {
  readonly storageDescriptor: Promise<StorageDescriptor>;
  readonly readAt: number;
}

export class TableDefinitions {
  private readonly cache = new Map<string, CachedDefinition>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly ttlMs: number = DEFAULT_TABLE_TTL_MS,
  ) {}

  /**
   * The table's storage descriptor: from the cache, or one GetTable (concurrent callers share
   * it). A failed read is forgotten, so the next batch asks again.
   */
  storageDescriptor(
    table: CatalogTable,
    api: CatalogApi,
    retry: RetryPolicy,
  ): Promise<StorageDescriptor> {
    const key = tableId(table);
    const cached = this.cache.get(key);
    if (cached && this.now() - cached.readAt < this.ttlMs) return cached.storageDescriptor;
    const storageDescriptor = readStorageDescriptor(table, api, retry);
    this.cache.set(key, { storageDescriptor, readAt: this.now() });
    storageDescriptor.catch(() => {
      if (this.cache.get(key)?.storageDescriptor === storageDescriptor) this.cache.delete(key);
    });
    return storageDescriptor;
  }
}

async function readStorageDescriptor(
  table: CatalogTable,
  api: CatalogApi,
  retry: RetryPolicy,
): Promise<StorageDescriptor> {
  const name = tableId(table);
  let found: Table | undefined;
  try {
    const left = await retryWithBackoff(
      [table],
      async () => {
        found = (await api.getTable({ DatabaseName: table.database, Name: table.table })).Table;
        return [];
      },
      retry,
    );
    if (left.length > 0)
      throw new CatalogRetriesExhaustedError(`GetTable ${name} kept failing; gave up`);
  } catch (error) {
    if (error instanceof CatalogRetriesExhaustedError) throw error;
    throw catalogCallFailure('GetTable', name, error);
  }
  return checkedStorageDescriptor(table, found);
}

/** The descriptor of a table that matches the definition. @throws CatalogTableError */
export function checkedStorageDescriptor(
  table: CatalogTable,
  found: Table | undefined,
): StorageDescriptor {
  const name = tableId(table);
  if (!found?.StorageDescriptor)
    throw new CatalogTableError(`Table ${name} has no storage descriptor to copy`);
  const expected = table.dataset.partitionKeys.map((key) => key.name);
  const actual = (found.PartitionKeys ?? []).map((key) => key.Name?.toLowerCase());
  if (expected.join('/') !== actual.join('/'))
    throw new CatalogTableError(
      `Table ${name} is partitioned by (${actual.join(', ')}), the definition says (${expected.join(', ')})`,
    );
  return found.StorageDescriptor;
}

/**
 * The Data Catalog in memory: databases own tables, tables own partitions, so deleting a
 * database or table takes everything under it. Records keep definitions as they travel on the
 * wire (times in epoch seconds), which makes the snapshot plain JSON.
 */
import type { WireJson } from '../../core/json-protocol';
import { databaseNotFound, tableNotFound } from './errors';

export interface StoredDatabase {
  readonly name: string;
  readonly createTime: number;
  /** DatabaseInput without Name. */
  readonly definition: WireJson;
}

export interface StoredTable {
  readonly databaseName: string;
  readonly name: string;
  readonly createTime: number;
  readonly updateTime: number;
  readonly versionId: number;
  /** TableInput without Name. */
  readonly definition: WireJson;
}

export interface StoredPartition {
  readonly values: readonly string[];
  readonly createTime: number;
  /** PartitionInput without Values. */
  readonly definition: WireJson;
}

export interface TableEntry {
  record: StoredTable;
  readonly partitions: Map<string, StoredPartition>;
}

export interface DatabaseEntry {
  record: StoredDatabase;
  readonly tables: Map<string, TableEntry>;
}

export interface CatalogSnapshot {
  readonly databases: (StoredDatabase & {
    readonly tables: (StoredTable & { readonly partitions: StoredPartition[] })[];
  })[];
}

/** Map key of a partition: its values in key order. */
export function partitionKeyOf(values: readonly string[]): string {
  return JSON.stringify(values);
}

export class GlueCatalog {
  readonly databases = new Map<string, DatabaseEntry>();

  database(name: string): DatabaseEntry {
    const entry = this.databases.get(name);
    if (!entry) throw databaseNotFound(name);
    return entry;
  }

  table(databaseName: string, tableName: string): TableEntry {
    const entry = this.database(databaseName).tables.get(tableName);
    if (!entry) throw tableNotFound(tableName);
    return entry;
  }

  partitionCount(): number {
    let count = 0;
    for (const database of this.databases.values())
      for (const table of database.tables.values()) count += table.partitions.size;
    return count;
  }

  clear(): void {
    this.databases.clear();
  }

  snapshot(): CatalogSnapshot {
    return structuredClone({
      databases: [...this.databases.values()].map((database) => ({
        ...database.record,
        tables: [...database.tables.values()].map((table) => ({
          ...table.record,
          partitions: [...table.partitions.values()],
        })),
      })),
    });
  }

  restore(state: CatalogSnapshot): void {
    this.clear();
    for (const { tables, ...database } of structuredClone(state).databases) {
      const entry: DatabaseEntry = { record: database, tables: new Map() };
      for (const { partitions, ...table } of tables) {
        entry.tables.set(table.name, {
          record: table,
          partitions: new Map(
            partitions.map((partition) => [partitionKeyOf(partition.values), partition]),
          ),
        });
      }
      this.databases.set(database.name, entry);
    }
  }
}

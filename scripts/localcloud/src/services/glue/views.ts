/** Catalog records as Glue returns them (GetDatabase, GetTable, GetPartition shapes). */
import type { WireJson } from '../../core/json-protocol';
import type { StoredDatabase, StoredPartition, StoredTable } from './catalog-state';

/** What Lake Formation's default settings grant on new tables when a database names none. */
const DEFAULT_TABLE_PERMISSIONS = [
  { Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] },
];

export function databaseView(record: StoredDatabase, catalogId: string): WireJson {
  const { definition } = record;
  return {
    Name: record.name,
    Description: definition.Description,
    LocationUri: definition.LocationUri,
    Parameters: definition.Parameters,
    CreateTime: record.createTime,
    CreateTableDefaultPermissions:
      definition.CreateTableDefaultPermissions ?? DEFAULT_TABLE_PERMISSIONS,
    TargetDatabase: definition.TargetDatabase,
    FederatedDatabase: definition.FederatedDatabase,
    CatalogId: catalogId,
  };
}

export function tableView(record: StoredTable, catalogId: string): WireJson {
  const { definition } = record;
  return {
    Name: record.name,
    DatabaseName: record.databaseName,
    Description: definition.Description,
    Owner: definition.Owner,
    CreateTime: record.createTime,
    UpdateTime: record.updateTime,
    LastAccessTime: definition.LastAccessTime,
    LastAnalyzedTime: definition.LastAnalyzedTime,
    Retention: definition.Retention ?? 0,
    StorageDescriptor: definition.StorageDescriptor,
    PartitionKeys: definition.PartitionKeys ?? [],
    ViewOriginalText: definition.ViewOriginalText,
    ViewExpandedText: definition.ViewExpandedText,
    TableType: definition.TableType,
    Parameters: definition.Parameters,
    TargetTable: definition.TargetTable,
    IsRegisteredWithLakeFormation: false,
    CatalogId: catalogId,
    VersionId: String(record.versionId),
  };
}

export function partitionView(
  partition: StoredPartition,
  table: StoredTable,
  catalogId: string,
  options: { excludeColumnSchema?: boolean } = {},
): WireJson {
  const { definition } = partition;
  const descriptor = definition.StorageDescriptor as WireJson | undefined;
  return {
    Values: [...partition.values],
    DatabaseName: table.databaseName,
    TableName: table.name,
    CreationTime: partition.createTime,
    LastAccessTime: definition.LastAccessTime,
    LastAnalyzedTime: definition.LastAnalyzedTime,
    StorageDescriptor:
      descriptor && options.excludeColumnSchema
        ? { ...descriptor, Columns: undefined }
        : descriptor,
    Parameters: definition.Parameters,
    CatalogId: catalogId,
  };
}

/** The declared partition keys of a table, as the partition operations need them. */
export function partitionKeysOf(table: StoredTable): { Name: string; Type: string }[] {
  const keys = (table.definition.PartitionKeys ?? []) as WireJson[];
  return keys.map((key) => ({ Name: String(key.Name ?? ''), Type: String(key.Type ?? 'string') }));
}

/** CreateTable, GetTable, GetTables, UpdateTable, DeleteTable. */
import { AwsError } from '../../core/aws-error';
import type { LocalCloudContext } from '../../core/context';
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { catalogName, ownCatalogId } from './catalog-scope';
import type { GlueCatalog } from './catalog-state';
import { epochSeconds } from './database-operations';
import { alreadyExists, resourceLimitExceeded, tableNotFound } from './errors';
import { paginate } from './paging';
import { tableNameMatcher } from './table-name-pattern';
import { NAME, RequestValidator, withoutMember } from './validation';
import { tableView } from './views';

/** Glue's default quota of tables per database. */
export const MAX_TABLES_PER_DATABASE = 200_000;

export function tableOperations(
  catalog: GlueCatalog,
  context: LocalCloudContext,
): Record<string, JsonOperation> {
  return {
    CreateTable(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const databaseName = check.requiredString('DatabaseName', NAME);
      const tableInput = readTableInput(check);
      check.done();
      ownCatalogId(catalogId, context, 'CreateTable');
      const database = catalog.database(catalogName(databaseName));
      const name = catalogName(String(tableInput.Name));
      if (database.tables.has(name)) throw alreadyExists('Table');
      if (database.tables.size >= MAX_TABLES_PER_DATABASE)
        throw resourceLimitExceeded(
          `Number of tables in database ${database.record.name} would exceed ${MAX_TABLES_PER_DATABASE}.`,
        );
      const now = epochSeconds(context);
      database.tables.set(name, {
        record: {
          databaseName: database.record.name,
          name,
          createTime: now,
          updateTime: now,
          versionId: 0,
          definition: definitionOf(tableInput),
        },
        partitions: new Map(),
      });
      return {};
    },

    GetTable(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const databaseName = check.requiredString('DatabaseName', NAME);
      const name = check.requiredString('Name', NAME);
      check.done();
      const owner = ownCatalogId(catalogId, context, 'GetTable');
      const table = catalog.table(catalogName(databaseName), catalogName(name));
      return { Table: tableView(table.record, owner) };
    },

    GetTables(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const databaseName = check.requiredString('DatabaseName', NAME);
      const expression = check.optionalString('Expression', { max: 2048, singleLine: true });
      const nextToken = check.optionalString('NextToken', {});
      const maxResults = check.optionalInteger('MaxResults', 1, 100);
      check.done();
      const owner = ownCatalogId(catalogId, context, 'GetTables');
      const database = catalog.database(catalogName(databaseName));
      const matches = expression === undefined ? () => true : tableNameMatcher(expression);
      const sorted = [...database.tables.values()]
        .map((entry) => entry.record)
        .filter((record) => matches(record.name))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const page = paginate(sorted, (record) => record.name, maxResults ?? 100, nextToken);
      return {
        TableList: page.items.map((record) => tableView(record, owner)),
        NextToken: page.nextToken,
      } satisfies WireJson;
    },

    UpdateTable(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const databaseName = check.requiredString('DatabaseName', NAME);
      const tableInput = readTableInput(check);
      const versionId = check.optionalString('VersionId', { min: 1, max: 255, singleLine: true });
      check.done();
      ownCatalogId(catalogId, context, 'UpdateTable');
      const table = catalog.table(catalogName(databaseName), catalogName(String(tableInput.Name)));
      if (versionId !== undefined && versionId !== String(table.record.versionId))
        throw new AwsError(
          'ConcurrentModificationException',
          `Version ${versionId} is not the current version (${table.record.versionId}) of table ${table.record.name}.`,
        );
      // TableInput replaces the whole definition: what it leaves out is gone.
      table.record = {
        ...table.record,
        updateTime: epochSeconds(context),
        versionId: table.record.versionId + 1,
        definition: definitionOf(tableInput),
      };
      return {};
    },

    DeleteTable(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const databaseName = check.requiredString('DatabaseName', NAME);
      const name = check.requiredString('Name', NAME);
      check.done();
      ownCatalogId(catalogId, context, 'DeleteTable');
      const database = catalog.database(catalogName(databaseName));
      // Its partitions go with it.
      if (!database.tables.delete(catalogName(name))) throw tableNotFound(catalogName(name));
      return {};
    },
  };
}

function readTableInput(check: RequestValidator): WireJson {
  const tableInput = check.requiredObject('TableInput');
  check.requiredString('TableInput.Name', NAME, tableInput.Name);
  check.optionalString('TableInput.Description', { max: 2048 }, tableInput.Description);
  check.optionalString('TableInput.Owner', NAME, tableInput.Owner);
  check.optionalString('TableInput.TableType', { max: 255 }, tableInput.TableType);
  const descriptor = tableInput.StorageDescriptor as WireJson | undefined;
  check.optionalString(
    'TableInput.StorageDescriptor.Location',
    { max: 2056 },
    descriptor?.Location,
  );
  const keys: unknown = tableInput.PartitionKeys;
  if (Array.isArray(keys))
    for (const key of keys as WireJson[])
      check.requiredString('TableInput.PartitionKeys.member.Name', NAME, key.Name);
  return tableInput;
}

function definitionOf(tableInput: WireJson): WireJson {
  return withoutMember(tableInput, 'Name');
}

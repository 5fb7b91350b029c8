/** CreateDatabase, GetDatabase, GetDatabases, DeleteDatabase. */
import type { LocalCloudContext } from '../../core/context';
import type { JsonOperation, WireJson } from '../../core/json-protocol';
import { catalogName, ownCatalogId } from './catalog-scope';
import type { GlueCatalog } from './catalog-state';
import { alreadyExists, resourceLimitExceeded } from './errors';
import { paginate } from './paging';
import { NAME, RequestValidator, withoutMember } from './validation';
import { databaseView } from './views';

/** Glue's default quota of databases per account. */
export const MAX_DATABASES = 10_000;

export function databaseOperations(
  catalog: GlueCatalog,
  context: LocalCloudContext,
): Record<string, JsonOperation> {
  return {
    CreateDatabase(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const databaseInput = check.requiredObject('DatabaseInput');
      const name = check.requiredString('DatabaseInput.Name', NAME, databaseInput.Name);
      check.optionalString('DatabaseInput.Description', { max: 2048 }, databaseInput.Description);
      check.optionalString(
        'DatabaseInput.LocationUri',
        { min: 1, max: 1024, singleLine: true },
        databaseInput.LocationUri,
      );
      check.done();
      ownCatalogId(catalogId, context, 'CreateDatabase');
      const stored = catalogName(name);
      if (catalog.databases.has(stored)) throw alreadyExists('Database');
      if (catalog.databases.size >= MAX_DATABASES)
        throw resourceLimitExceeded(
          `Number of databases in the catalog would exceed ${MAX_DATABASES}.`,
        );
      catalog.databases.set(stored, {
        record: {
          name: stored,
          createTime: epochSeconds(context),
          definition: withoutMember(databaseInput, 'Name'),
        },
        tables: new Map(),
      });
      return {};
    },

    GetDatabase(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const name = check.requiredString('Name', NAME);
      check.done();
      const owner = ownCatalogId(catalogId, context, 'GetDatabase');
      return { Database: databaseView(catalog.database(catalogName(name)).record, owner) };
    },

    GetDatabases(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const maxResults = check.optionalInteger('MaxResults', 1, 100);
      const nextToken = check.optionalString('NextToken', {});
      check.done();
      const owner = ownCatalogId(catalogId, context, 'GetDatabases');
      const sorted = [...catalog.databases.values()]
        .map((entry) => entry.record)
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const page = paginate(sorted, (record) => record.name, maxResults ?? 100, nextToken);
      return {
        DatabaseList: page.items.map((record) => databaseView(record, owner)),
        NextToken: page.nextToken,
      } satisfies WireJson;
    },

    DeleteDatabase(input) {
      const check = new RequestValidator(input);
      const catalogId = check.optionalString('CatalogId', NAME);
      const name = check.requiredString('Name', NAME);
      check.done();
      ownCatalogId(catalogId, context, 'DeleteDatabase');
      const stored = catalogName(name);
      catalog.database(stored);
      // Its tables and their partitions go with it.
      catalog.databases.delete(stored);
      return {};
    },
  };
}

export function epochSeconds(context: LocalCloudContext): number {
  return context.now().getTime() / 1000;
}

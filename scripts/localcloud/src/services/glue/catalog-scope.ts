/**
 * Every catalog operation may name its catalog. Only this account's catalog exists here, and
 * Glue refuses another account's catalog unless that account shared it, which no one can here.
 */
import { AwsError } from '../../core/aws-error';
import { arn, type LocalCloudContext } from '../../core/context';
import type { GlueCatalog, TableEntry } from './catalog-state';
import { NAME, type RequestValidator } from './validation';

export function ownCatalogId(
  catalogId: string | undefined,
  context: LocalCloudContext,
  action: string,
): string {
  if (catalogId === undefined || catalogId === context.accountId) return context.accountId;
  throw new AwsError(
    'AccessDeniedException',
    `User: ${arn(context, 'iam', 'root', { region: '' })} is not authorized to perform: glue:${action} on resource: arn:aws:glue:${context.region}:${catalogId}:catalog`,
  );
}

/** Glue keeps database and table names in lower case (Hive compatibility). */
export function catalogName(name: string): string {
  return name.toLowerCase();
}

export interface TableTarget {
  readonly table: TableEntry;
  readonly catalogId: string;
}

/**
 * Reads the members that address a table (CatalogId, DatabaseName, TableName). The returned
 * function looks the table up; call it after `check.done()`, since Glue validates the whole
 * request before it looks anything up.
 */
export function readTableTarget(
  check: RequestValidator,
  catalog: GlueCatalog,
  context: LocalCloudContext,
): (action: string) => TableTarget {
  const catalogId = check.optionalString('CatalogId', NAME);
  const databaseName = check.requiredString('DatabaseName', NAME);
  const tableName = check.requiredString('TableName', NAME);
  return (action) => ({
    catalogId: ownCatalogId(catalogId, context, action),
    table: catalog.table(catalogName(databaseName), catalogName(tableName)),
  });
}

/**
 * The export's SQL (`sql/exports/recommendations/<name>.sql`): one SELECT per file, read and
 * checked once per container. A file states its own settings in its header as a transform does
 * (`-- @param <name> <value> <description>`); the export binds those and, where a file uses them,
 * `:as_of_date` (the snapshot's day) and `:profile_products` (from the definition). Every value is
 * a Data API parameter, never pasted into the text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_SQL_FOLDER } from '../../infra/aws/facts/recommendation-export';
import { declaredParameters } from '../shared/warehouse/queries';
import { namedParameters, splitStatements } from '../shared/warehouse/sql-statements';
import { ExportQueryError } from './errors';

/** The files, in the order the export runs them. */
export const SNAPSHOT_QUERY_NAMES = [
  'snapshot_size',
  'related_products',
  'popular_products',
  'popular_everywhere',
  'customer_profiles',
] as const;
export type SnapshotQueryName = (typeof SNAPSHOT_QUERY_NAMES)[number];

/** What the export binds beside a file's own settings. */
export interface ExportBindings {
  /** The snapshot's day, `YYYY-MM-DD`. */
  readonly as_of_date: string;
  /** Products kept in a customer's profile (`profileProducts` of the definition). */
  readonly profile_products: string;
}
const BOUND_BY_THE_EXPORT: readonly (keyof ExportBindings)[] = ['as_of_date', 'profile_products'];

export interface SnapshotQuery {
  readonly name: SnapshotQueryName;
  readonly sql: string;
  /** The settings the file declares, by name. */
  readonly settings: Readonly<Record<string, string>>;
  /** The names the statement uses. */
  readonly uses: ReadonlySet<string>;
}

export type SnapshotQueries = Readonly<Record<SnapshotQueryName, SnapshotQuery>>;

/** The folder of the export's files under a `sql/` folder. */
export function snapshotQueryDirectory(sqlDirectory: string): string {
  return join(sqlDirectory, EXPORT_SQL_FOLDER);
}

export function loadSnapshotQueries(sqlDirectory: string): SnapshotQueries {
  const directory = snapshotQueryDirectory(sqlDirectory);
  const entries = SNAPSHOT_QUERY_NAMES.map((name) => [name, loadOne(directory, name)] as const);
  return Object.fromEntries(entries) as Record<SnapshotQueryName, SnapshotQuery>;
}

function loadOne(directory: string, name: SnapshotQueryName): SnapshotQuery {
  let text: string;
  try {
    text = readFileSync(join(directory, `${name}.sql`), 'utf8');
  } catch (cause) {
    throw new ExportQueryError(`The export's query ${name}.sql is missing from ${directory}`, {
      cause,
    });
  }
  const statements = splitStatements(text);
  const [sql] = statements;
  if (statements.length !== 1 || sql === undefined)
    throw new ExportQueryError(`${name}: holds ${statements.length} statements, not one`);
  const declared = declaredParameters(name, text);
  const settings = Object.fromEntries(declared.map((each) => [each.name, each.defaultValue]));
  const uses = namedParameters(sql);
  const known = new Set<string>([...Object.keys(settings), ...BOUND_BY_THE_EXPORT]);
  const unknown = [...uses].filter((used) => !known.has(used));
  const unused = Object.keys(settings).filter((setting) => !uses.has(setting));
  if (unknown.length > 0)
    throw new ExportQueryError(`${name}: :${unknown.join(', :')} is neither declared nor bound`);
  if (unused.length > 0)
    throw new ExportQueryError(`${name}: ${unused.join(', ')} declared but never used`);
  return { name, sql, settings, uses };
}

/** The parameters of one run of a file: its settings, and the bindings it uses (the Data API refuses unused ones). */
export function parametersOf(
  query: SnapshotQuery,
  bindings: ExportBindings,
): Record<string, string> {
  const bound = Object.entries(bindings).filter(([name]) => query.uses.has(name));
  return { ...query.settings, ...Object.fromEntries(bound) };
}

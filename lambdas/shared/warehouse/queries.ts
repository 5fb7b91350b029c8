/**
 * Named analytics queries (`sql/queries/<name>.sql`): one SELECT each, described by its first
 * comment line, with parameters declared in header lines `-- @param <name> <default> <text>`
 * and bound through the Data API as `:name`, never pasted into the SQL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryDefinitionError } from './errors';
import { namedParameters, splitStatements } from './sql-statements';

export interface QueryParameter {
  readonly name: string;
  readonly defaultValue: string;
  readonly description: string;
}

export interface QueryInfo {
  readonly name: string;
  readonly description: string;
  readonly declared: readonly QueryParameter[];
}

export interface LoadedQuery extends QueryInfo {
  readonly sql: string;
  /** The value of every declared parameter: the given one, else its default. */
  readonly parameters: Record<string, string>;
}

const QUERY_NAME = /^[a-z0-9_]+$/;
const PARAM_LINE = /^--\s*@param\s+(\S+)\s+(\S+)\s*(.*)$/;

/** Every query of the directory, by name, with its description and parameters. */
export function listQueries(directory: string): QueryInfo[] {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch (cause) {
    throw new QueryDefinitionError(`Cannot read the queries directory ${directory}`, { cause });
  }
  return entries
    .filter((entry) => entry.endsWith('.sql'))
    .sort()
    .map((entry) => {
      const { name, description, declared } = loadQuery(directory, entry.slice(0, -4));
      return { name, description, declared };
    });
}

/** One query, with `values` overriding the declared defaults; unknown names are an error. */
export function loadQuery(
  directory: string,
  name: string,
  values: Readonly<Record<string, string>> = {},
): LoadedQuery {
  if (!QUERY_NAME.test(name))
    throw new QueryDefinitionError(`"${name}" is not a query name (lower case, digits, _)`);
  let text: string;
  try {
    text = readFileSync(join(directory, `${name}.sql`), 'utf8');
  } catch (cause) {
    throw new QueryDefinitionError(`No query named "${name}" in ${directory}`, { cause });
  }
  const { description, declared } = parseHeader(name, text);
  const statements = splitStatements(text);
  if (statements.length !== 1 || statements[0] === undefined)
    throw new QueryDefinitionError(
      `${name}: a query file holds exactly one statement, found ${statements.length}`,
    );
  const sql = statements[0];
  checkParameters(name, sql, declared);

  const known = new Set(declared.map((parameter) => parameter.name));
  const unknown = Object.keys(values).filter((key) => !known.has(key));
  if (unknown.length > 0)
    throw new QueryDefinitionError(
      `${name}: unknown parameter ${unknown.join(', ')} (declared: ${[...known].join(', ') || 'none'})`,
    );
  const parameters = Object.fromEntries(
    declared.map((parameter) => [parameter.name, values[parameter.name] ?? parameter.defaultValue]),
  );
  const empty = Object.entries(parameters).find(([, value]) => value === '');
  if (empty !== undefined)
    throw new QueryDefinitionError(`${name}: parameter ${empty[0]} needs a non-empty value`);
  return { name, description, declared, sql, parameters };
}

/**
 * The `-- @param <name> <default> <text>` lines of a SQL file's leading comments: a query's
 * parameters, or the settings a transform declares (its windows, how many rows to keep).
 */
export function declaredParameters(name: string, text: string): QueryParameter[] {
  return parseHeader(name, text).declared;
}

/** The description (first plain comment line) and the `@param` lines of the leading comments. */
function parseHeader(
  name: string,
  text: string,
): { description: string; declared: QueryParameter[] } {
  let description = '';
  const declared: QueryParameter[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('--')) break;
    const param = PARAM_LINE.exec(line);
    if (param) {
      const [, paramName = '', defaultValue = '', paramDescription = ''] = param;
      if (!/^[A-Za-z0-9_]+$/.test(paramName))
        throw new QueryDefinitionError(`${name}: "${paramName}" is not a parameter name`);
      if (declared.some((parameter) => parameter.name === paramName))
        throw new QueryDefinitionError(`${name}: parameter ${paramName} is declared twice`);
      declared.push({ name: paramName, defaultValue, description: paramDescription.trim() });
    } else if (/^--\s*@param\b/.test(line)) {
      throw new QueryDefinitionError(`${name}: "${line}" needs a name and a default value`);
    } else if (description === '') {
      description = line.replace(/^--\s*/, '');
    }
  }
  return { description, declared };
}

/** Declared and used parameters must match: the Data API refuses unused or unbound ones. */
function checkParameters(name: string, sql: string, declared: readonly QueryParameter[]): void {
  const used = namedParameters(sql);
  const declaredNames = new Set(declared.map((parameter) => parameter.name));
  const undeclared = [...used].filter((parameter) => !declaredNames.has(parameter));
  const unused = [...declaredNames].filter((parameter) => !used.has(parameter));
  if (undeclared.length > 0)
    throw new QueryDefinitionError(`${name}: :${undeclared.join(', :')} used but not declared`);
  if (unused.length > 0)
    throw new QueryDefinitionError(`${name}: ${unused.join(', ')} declared but never used`);
}

/**
 * Reads the CREATE TABLE statements of the warehouse migrations and names every breach of the
 * table-design rules (sql/README.md): facts distributed and sorted, every table with a
 * deliberate distribution, every column encoded (AZ64 only where Redshift allows it), the
 * leading sort key column RAW, and a comment saying why the keys were chosen. Each rule is a
 * plain function so the lint test can prove it fails on a bad table.
 */
import { splitStatements } from '../../../lambdas/shared/warehouse/sql-statements';

export interface ColumnDesign {
  readonly name: string;
  /** Upper case, spaces normalised: `VARCHAR(128)`, `DECIMAL(12,2)`, `DOUBLE PRECISION`. */
  readonly type: string;
  readonly encoding: string | undefined;
}

export interface TableDesign {
  /** `dw.fact_sale` */
  readonly name: string;
  readonly columns: readonly ColumnDesign[];
  readonly distStyle: string | undefined;
  readonly distKey: string | undefined;
  readonly sortKey: readonly string[];
  /** The comment lines directly above the CREATE TABLE, joined. */
  readonly comment: string;
}

const CREATE_TABLE = /CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z0-9_]+\.[a-z0-9_]+)\s*\(/i;
const CONSTRAINT = /^(PRIMARY\s+KEY|FOREIGN\s+KEY|UNIQUE|CONSTRAINT)\b/i;
const ENCODINGS = new Set(
  'RAW AZ64 BYTEDICT DELTA DELTA32K LZO MOSTLY8 MOSTLY16 MOSTLY32 RUNLENGTH TEXT255 TEXT32K ZSTD'.split(
    ' ',
  ),
);
/** The types Redshift accepts AZ64 on (Compression encodings, AZ64). */
const AZ64_TYPES =
  /^(SMALLINT|INTEGER|INT|BIGINT|DECIMAL(\(\d+,\d+\))?|DATE|TIMESTAMP|TIMESTAMPTZ)$/;

function withoutComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ');
}

/** Splits on commas outside parentheses. */
function topLevelItems(body: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of body) {
    if (char === '(') depth += 1;
    if (char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      items.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') items.push(current.trim());
  return items;
}

function parseColumn(item: string): ColumnDesign {
  const words = item.replace(/\s+/g, ' ').trim();
  const name = words.split(' ')[0]!.toLowerCase();
  const encoding = /\bENCODE\s+([A-Za-z0-9]+)/i.exec(words)?.[1]?.toUpperCase();
  const type = words
    .slice(name.length)
    .split(/\b(?:NOT\s+NULL|NULL|ENCODE|DEFAULT|IDENTITY|DISTKEY|SORTKEY|PRIMARY)\b/i)[0]!
    .trim()
    .toUpperCase()
    .replace(/\s*,\s*/g, ',')
    .replace(/\s*\(\s*/g, '(')
    .replace(/\s*\)/g, ')');
  return { name, type, encoding };
}

function keyList(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((key) => key.trim().toLowerCase());
}

/** The tables a SQL file creates. */
export function parseTables(sql: string): TableDesign[] {
  return splitStatements(sql).flatMap((statement) => {
    const code = withoutComments(statement);
    const match = CREATE_TABLE.exec(code);
    if (!match) return [];
    const start = match.index + match[0].length;
    let depth = 1;
    let end = start;
    while (depth > 0 && end < code.length) {
      if (code[end] === '(') depth += 1;
      if (code[end] === ')') depth -= 1;
      end += 1;
    }
    const items = topLevelItems(code.slice(start, end - 1));
    const options = code.slice(end);
    const before = statement.slice(0, statement.search(/CREATE\s+TABLE/i));
    const commentLines = before.split('\n').map((line) => line.trim());
    while (commentLines.length > 0 && commentLines.at(-1) === '') commentLines.pop();
    const comment: string[] = [];
    while (commentLines.length > 0 && commentLines.at(-1)!.startsWith('--'))
      comment.unshift(commentLines.pop()!.replace(/^--\s?/, ''));
    return [
      {
        name: match[1]!.toLowerCase(),
        columns: items.filter((item) => !CONSTRAINT.test(item)).map(parseColumn),
        distStyle: /\bDISTSTYLE\s+([A-Za-z]+)/i.exec(options)?.[1]?.toUpperCase(),
        distKey: /\bDISTKEY\s*\(\s*([a-z0-9_]+)\s*\)/i.exec(options)?.[1]?.toLowerCase(),
        sortKey: keyList(/\bSORTKEY\s*\(([^)]*)\)/i.exec(options)?.[1]),
        comment: comment.join(' '),
      },
    ];
  });
}

const DROP_TABLE = /^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?([a-z0-9_]+\.[a-z0-9_]+)\s*$/i;
const RENAME_TABLE =
  /^\s*ALTER\s+TABLE\s+([a-z0-9_]+)\.([a-z0-9_]+)\s+RENAME\s+TO\s+([a-z0-9_]+)\s*$/i;

/**
 * The tables the migrations leave (a table made again comes after the others): a later migration may
 * drop a table, or make one again under a new name and rename it into place (create-copy-rename,
 * the way Redshift changes what ALTER TABLE cannot in a transaction). A table keeps the design
 * and the comment of the CREATE that made it.
 */
export function schemaAfter(migrations: readonly string[]): TableDesign[] {
  const tables = new Map<string, TableDesign>();
  for (const statement of migrations.flatMap((sql) => splitStatements(sql))) {
    const code = withoutComments(statement);
    const dropped = DROP_TABLE.exec(code);
    const renamed = RENAME_TABLE.exec(code);
    if (dropped) tables.delete(dropped[1]!.toLowerCase());
    else if (renamed) {
      const [, schema, from, to] = renamed.map((part) => part.toLowerCase());
      const table = tables.get(`${schema}.${from}`);
      if (table === undefined) throw new Error(`${code.trim()}: no such table to rename`);
      tables.delete(`${schema}.${from}`);
      tables.set(`${schema}.${to}`, { ...table, name: `${schema}.${to}` });
    } else for (const table of parseTables(statement)) tables.set(table.name, table);
  }
  return [...tables.values()];
}

const isFact = (table: TableDesign): boolean => /^dw\.fact_/.test(table.name);
const isDimension = (table: TableDesign): boolean => /^dw\.dim_/.test(table.name);

export function factKeyProblems(table: TableDesign): string[] {
  if (!isFact(table)) return [];
  const problems: string[] = [];
  const names = new Set(table.columns.map((column) => column.name));
  if (table.distKey === undefined || !names.has(table.distKey))
    problems.push(`${table.name}: a fact needs DISTKEY (<one of its columns>)`);
  if (table.sortKey.length === 0 || !table.sortKey.every((key) => names.has(key)))
    problems.push(`${table.name}: a fact needs SORTKEY (<its time column>)`);
  else if (!/(_time|_date)$/.test(table.sortKey[0]!))
    problems.push(`${table.name}: a fact's leading sort key should be its time column`);
  return problems;
}

export function distributionProblems(table: TableDesign): string[] {
  if (table.distStyle === undefined && table.distKey === undefined)
    return [`${table.name}: no DISTSTYLE or DISTKEY; choose the distribution deliberately`];
  if (isDimension(table) && table.distStyle !== 'ALL' && table.distKey === undefined)
    return [`${table.name}: a dimension is DISTSTYLE ALL, or DISTKEY on the key its fact uses`];
  return [];
}

export function encodingProblems(table: TableDesign): string[] {
  return table.columns.flatMap((column) => {
    const where = `${table.name}.${column.name}`;
    if (column.encoding === undefined) return [`${where}: no ENCODE`];
    if (!ENCODINGS.has(column.encoding)) return [`${where}: unknown encoding ${column.encoding}`];
    if (column.encoding === 'AZ64' && !AZ64_TYPES.test(column.type))
      return [`${where}: AZ64 does not support ${column.type}`];
    return [];
  });
}

export function sortKeyEncodingProblems(table: TableDesign): string[] {
  const leading = table.sortKey[0];
  if (leading === undefined) return [];
  const column = table.columns.find((candidate) => candidate.name === leading);
  return column?.encoding === 'RAW'
    ? []
    : [`${table.name}.${leading}: the leading sort key column must be ENCODE RAW`];
}

export function commentProblems(table: TableDesign): string[] {
  return /\bKeys:/.test(table.comment)
    ? []
    : [`${table.name}: no "-- Keys: …" comment above it saying why its keys were chosen`];
}

export function tableProblems(table: TableDesign): string[] {
  return [
    ...factKeyProblems(table),
    ...distributionProblems(table),
    ...encodingProblems(table),
    ...sortKeyEncodingProblems(table),
    ...commentProblems(table),
  ];
}

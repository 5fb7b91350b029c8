/**
 * Executes a parsed COPY: reads every object whose key starts with the prefix (as Redshift
 * matches S3 prefixes), turns each record into a row of the target columns with Redshift's
 * rules, and bulk-loads the rows with PostgreSQL's own COPY in the caller's transaction. The
 * first bad record fails the whole load with the file and line.
 */
import { gunzipSync } from 'node:zlib';
import type { PgConnection } from '../pg-connection';
import { asPgError, runStatement } from '../pg-wire';
import { BulkLoader, type BulkLoadOptions } from './bulk-load';
import type { CopyCommand } from './copy-command';
import {
  parseCsvRecords,
  parseJsonRecords,
  parseTextRecords,
  RecordFormatError,
  type DelimitedRecord,
} from './records';

/** Where COPY reads objects from: the local S3 through the service bus, or a test double. */
export interface ObjectSource {
  list(bucket: string, prefix: string): readonly { readonly key: string }[];
  read(bucket: string, key: string): Buffer | undefined;
}

/** A load that failed; `message` is what DescribeStatement reports as Error. */
export class CopyLoadError extends Error {
  override readonly name = 'CopyLoadError';
}

interface TargetColumn {
  readonly name: string;
  readonly typeName: string;
  readonly isIdentity: boolean;
}

const CHARACTER_TYPES = new Set(['varchar', 'bpchar', 'text', 'char']);

export type CopyOptions = BulkLoadOptions;

/** Loads the data and returns the number of rows inserted. */
export async function runCopy(
  db: PgConnection,
  command: CopyCommand,
  source: ObjectSource,
  options: CopyOptions = {},
): Promise<number> {
  const tableColumns = await describeTable(db, command.table);
  const columns = chooseColumns(command, tableColumns);
  const objects = source
    .list(command.bucket, command.prefix)
    .filter((object) => !object.key.endsWith('/'));
  if (objects.length === 0)
    throw new CopyLoadError(`The specified S3 prefix '${command.prefix}' does not exist`);

  const loadFailed = (detail: string): CopyLoadError =>
    new CopyLoadError(
      `Load into table '${command.tableName}' failed. Check 'sys_load_error_detail' system table for details. ${detail}`,
    );
  const bulk = new BulkLoader(db, { table: command.table, columns }, options);
  /** Runs a step of the bulk load, turning an engine error into Redshift's load error. */
  const loading = async <T>(step: () => Promise<T>): Promise<T> => {
    try {
      return await step();
    } catch (error) {
      const pgError = asPgError(error);
      if (!pgError) throw error;
      const origin = bulk.originOf(error);
      throw loadFailed(
        origin
          ? `File ${origin.location}, line ${origin.line}: ${pgError.message}`
          : pgError.message,
      );
    }
  };

  for (const { key } of objects) {
    const location = `s3://${command.bucket}/${key}`;
    // Rows already read are loaded first, so the error reported is the first bad record's.
    const fail = async (line: number, reason: string): Promise<never> => {
      await loading(() => bulk.finish());
      throw loadFailed(`File ${location}, line ${line}: ${reason}`);
    };
    const body = source.read(command.bucket, key);
    if (body === undefined) return fail(0, 'object disappeared while loading');
    let text: string;
    try {
      text = (command.gzip ? gunzipSync(body) : body).toString('utf8');
    } catch (error) {
      return fail(0, `not a gzip file (${(error as Error).message})`);
    }
    let rows: { line: number; values: (string | null)[] }[];
    try {
      rows = recordsToRows(text, command, columns);
    } catch (error) {
      if (error instanceof RecordFormatError) return fail(error.line, error.message);
      throw error;
    }
    for (const row of rows)
      if (bulk.add(row.values, { location, line: row.line })) await loading(() => bulk.flush());
  }
  return loading(() => bulk.finish());
}

function recordsToRows(
  fileText: string,
  command: CopyCommand,
  columns: readonly TargetColumn[],
): { line: number; values: (string | null)[] }[] {
  const { text, skippedLines } = dropHeader(fileText, command.ignoreHeaderLines);
  const shift = <T extends { line: number }>(record: T): T => ({
    ...record,
    line: record.line + skippedLines,
  });
  const format = command.format;
  if (format.kind === 'json') {
    return parseJsonRecords(text)
      .map(shift)
      .map((record) => ({
        line: record.line,
        values: jsonToRow(record.value, record.line, columns, format.ignoreCase),
      }));
  }
  const records =
    format.kind === 'csv'
      ? parseCsvRecords(text, format.delimiter, format.quote)
      : parseTextRecords(text, format.delimiter);
  return records.map(shift).map((record) => ({
    line: record.line,
    values: delimitedToRow(record, columns, command),
  }));
}

function jsonToRow(
  value: unknown,
  line: number,
  columns: readonly TargetColumn[],
  ignoreCase: boolean,
): (string | null)[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new RecordFormatError(
      "Invalid JSONPath format: a record must be an object for 'auto'",
      line,
    );
  const record = value as Record<string, unknown>;
  const fieldOf = ignoreCase ? caseInsensitiveFields(record) : undefined;
  return columns.map((column) => {
    const field = fieldOf
      ? fieldOf.get(column.name.toLowerCase())
      : Object.hasOwn(record, column.name)
        ? record[column.name]
        : undefined;
    if (field === undefined || field === null) return null;
    if (typeof field === 'string') return field;
    // Numbers and booleans keep their JSON spelling; nested objects and arrays load as JSON text.
    return JSON.stringify(field);
  });
}

/** A record's fields by lower-cased name; of two names differing only in case, the first wins. */
function caseInsensitiveFields(record: Record<string, unknown>): Map<string, unknown> {
  const fields = new Map<string, unknown>();
  for (const [key, field] of Object.entries(record)) {
    const name = key.toLowerCase();
    if (!fields.has(name)) fields.set(name, field);
  }
  return fields;
}

function delimitedToRow(
  record: DelimitedRecord,
  columns: readonly TargetColumn[],
  command: CopyCommand,
): (string | null)[] {
  if (record.fields.length < columns.length)
    throw new RecordFormatError('Delimiter not found', record.line);
  if (record.fields.length > columns.length)
    throw new RecordFormatError('Extra column(s) found', record.line);
  return columns.map((column, index) => {
    const { value, quoted } = record.fields[index]!;
    if (command.nullAs !== undefined ? value === command.nullAs : !quoted && value === '\\N')
      return null;
    const isCharacter = CHARACTER_TYPES.has(column.typeName);
    if (value === '') return isCharacter && !command.emptyAsNull ? '' : null;
    if (value.trim() === '' && (command.blanksAsNull || !isCharacter)) return null;
    return value;
  });
}

function dropHeader(text: string, lines: number): { text: string; skippedLines: number } {
  let index = 0;
  for (let skipped = 0; skipped < lines; skipped += 1) {
    const newline = text.indexOf('\n', index);
    if (newline === -1) return { text: '', skippedLines: skipped + 1 };
    index = newline + 1;
  }
  return { text: text.slice(index), skippedLines: lines };
}

async function describeTable(db: PgConnection, table: string): Promise<TargetColumn[]> {
  const { rows } = await runStatement(
    db,
    `SELECT a.attname, t.typname, a.attidentity <> '' AS is_identity
       FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
      WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [table],
  );
  if (rows.length === 0) throw new CopyLoadError(`relation "${table}" does not exist`);
  return rows.map(([name, typeName, isIdentity]) => ({
    name: name ?? '',
    typeName: typeName ?? '',
    isIdentity: isIdentity === 't',
  }));
}

function chooseColumns(
  command: CopyCommand,
  tableColumns: readonly TargetColumn[],
): TargetColumn[] {
  if (!command.columns) {
    // Without a column list Redshift loads every column but IDENTITY ones (unless EXPLICIT_IDS).
    return tableColumns.filter((column) => command.explicitIds || !column.isIdentity);
  }
  return command.columns.map((name) => {
    const column = tableColumns.find((candidate) => candidate.name === name);
    if (!column)
      throw new CopyLoadError(`column "${name}" of relation "${command.tableName}" does not exist`);
    return column;
  });
}

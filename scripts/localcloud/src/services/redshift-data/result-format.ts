/**
 * Shapes a PostgreSQL result the way the Data API returns Redshift results: one typed Field per
 * value, chosen from the column's type, and ColumnMetadata per column.
 */
import type { PgConnection } from './pg-connection';
import { runStatement, type PgColumn, type PgResult } from './pg-wire';

/** A Data API Field. Blobs are kept base64-encoded, which is also their wire form. */
export type ResultField =
  | { readonly isNull: true }
  | { readonly booleanValue: boolean }
  | { readonly longValue: number }
  | { readonly doubleValue: number }
  | { readonly stringValue: string }
  | { readonly blobValue: string };

export interface ColumnMetadata {
  readonly name: string;
  readonly label: string;
  readonly typeName: string;
  readonly nullable: number;
  readonly precision: number;
  readonly scale: number;
  readonly length: number;
  readonly isCaseSensitive: boolean;
  readonly isCurrency: boolean;
  readonly isSigned: boolean;
  readonly schemaName: string;
  readonly tableName: string;
}

export interface FormattedResult {
  readonly columns: readonly ColumnMetadata[];
  readonly records: readonly (readonly ResultField[])[];
  /** Bytes of the values as text, the closest local measure of Redshift's ResultSize. */
  readonly size: number;
}

const LONG_TYPES = new Set(['int2', 'int4', 'int8', 'oid']);
const DOUBLE_TYPES = new Set(['float4', 'float8']);
const NUMERIC_TYPES = new Set([...LONG_TYPES, ...DOUBLE_TYPES, 'numeric']);
const CHARACTER_TYPES = new Set(['varchar', 'bpchar', 'text', 'char', 'name']);
const FIXED_PRECISION: Readonly<Record<string, number>> = {
  int2: 5, int4: 10, int8: 19, oid: 10, float4: 8, float8: 17, bool: 1,
  date: 13, time: 15, timetz: 21, timestamp: 29, timestamptz: 35,
}; // prettier-ignore
/** Redshift's longest VARCHAR, reported for unbounded character columns. */
const UNBOUNDED_CHARACTER_LENGTH = 65535;

export function toField(typeName: string, text: string | null): ResultField {
  if (text === null) return { isNull: true };
  if (LONG_TYPES.has(typeName)) return { longValue: Number(text) };
  if (DOUBLE_TYPES.has(typeName) && Number.isFinite(Number(text)))
    return { doubleValue: Number(text) };
  if (typeName === 'bool') return { booleanValue: text === 't' };
  if (typeName === 'bytea' && text.startsWith('\\x'))
    return { blobValue: Buffer.from(text.slice(2), 'hex').toString('base64') };
  return { stringValue: text };
}

/** Precision and scale as Redshift reports them, from PostgreSQL's type modifier. */
export function precisionAndScale(typeName: string, typeModifier: number): [number, number] {
  if (typeName === 'numeric') {
    if (typeModifier < 4) return [0, 0];
    const packed = typeModifier - 4;
    return [(packed >> 16) & 0xffff, packed & 0xffff];
  }
  if (CHARACTER_TYPES.has(typeName))
    return [typeModifier >= 4 ? typeModifier - 4 : UNBOUNDED_CHARACTER_LENGTH, 0];
  return [FIXED_PRECISION[typeName] ?? 0, 0];
}

interface TableColumnInfo {
  readonly schemaName: string;
  readonly tableName: string;
  readonly notNull: boolean;
}

/** Looks up type names and source columns; type names are cached per database. */
export class CatalogLookup {
  private readonly typeNames = new Map<number, string>();

  constructor(private readonly db: PgConnection) {}

  /** After a wipe, user-defined type OIDs may be reused for other types. */
  forgetTypes(): void {
    this.typeNames.clear();
  }

  async format(result: PgResult): Promise<FormattedResult> {
    const pgColumns = result.columns ?? [];
    // One connection carries one protocol exchange at a time, so lookups run in sequence.
    const typeNames: string[] = [];
    for (const column of pgColumns) typeNames.push(await this.typeName(column.typeId));
    const sources = await this.tableColumns(pgColumns);
    const columns = pgColumns.map((column, index) =>
      this.metadata(column, typeNames[index]!, sources.get(sourceKey(column))),
    );
    let size = 0;
    const records = result.rows.map((row) =>
      row.map((text, index) => {
        if (text !== null) size += Buffer.byteLength(text);
        return toField(typeNames[index]!, text);
      }),
    );
    return { columns, records, size };
  }

  private metadata(
    column: PgColumn,
    typeName: string,
    source: TableColumnInfo | undefined,
  ): ColumnMetadata {
    const [precision, scale] = precisionAndScale(typeName, column.typeModifier);
    return {
      name: column.name,
      label: column.name,
      typeName,
      nullable: source?.notNull ? 0 : 1,
      precision,
      scale,
      length: 0,
      isCaseSensitive: CHARACTER_TYPES.has(typeName),
      isCurrency: typeName === 'money',
      isSigned: NUMERIC_TYPES.has(typeName),
      schemaName: source?.schemaName ?? '',
      tableName: source?.tableName ?? '',
    };
  }

  private async typeName(typeId: number): Promise<string> {
    const known = this.typeNames.get(typeId);
    if (known !== undefined) return known;
    const { rows } = await runStatement(this.db, 'SELECT typname FROM pg_type WHERE oid = $1', [
      String(typeId),
    ]);
    const name = rows[0]?.[0] ?? 'unknown';
    this.typeNames.set(typeId, name);
    return name;
  }

  private async tableColumns(columns: readonly PgColumn[]): Promise<Map<string, TableColumnInfo>> {
    const fromTables = columns.filter((column) => column.tableId !== 0);
    const found = new Map<string, TableColumnInfo>();
    if (fromTables.length === 0) return found;
    const { rows } = await runStatement(
      this.db,
      `SELECT c.oid, a.attnum, n.nspname, c.relname, a.attnotnull
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.oid = ANY($1::oid[])`,
      [`{${[...new Set(fromTables.map((column) => column.tableId))].join(',')}}`],
    );
    for (const [oid, attnum, schemaName, tableName, notNull] of rows) {
      found.set(`${oid}:${attnum}`, {
        schemaName: schemaName ?? '',
        tableName: tableName ?? '',
        notNull: notNull === 't',
      });
    }
    return found;
  }
}

function sourceKey(column: PgColumn): string {
  return `${column.tableId}:${column.columnId}`;
}

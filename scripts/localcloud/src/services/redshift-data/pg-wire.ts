/**
 * Runs SQL through the extended query protocol directly, because PGlite's `query()`
 * keeps only each column's name and type: the Data API's ColumnMetadata also needs the source
 * table, column number and type modifier (length, precision, scale) of every result column,
 * and the values as PostgreSQL's text output (so timestamps and numerics keep their spelling).
 */
import { protocol } from '@electric-sql/pglite';
import { PgConnectionError, type BackendMessage, type PgConnection } from './pg-connection';

export interface PgColumn {
  readonly name: string;
  /** OID of the table the column comes from, or 0 for an expression. */
  readonly tableId: number;
  /** Attribute number in that table, or 0. */
  readonly columnId: number;
  readonly typeId: number;
  readonly typeModifier: number;
}

export interface PgResult {
  /** Undefined when the statement returns no rows at all (DDL, INSERT without RETURNING). */
  readonly columns: readonly PgColumn[] | undefined;
  readonly rows: readonly (readonly (string | null)[])[];
  /** The command tag, e.g. `INSERT 0 3`, `SELECT 2`, `CREATE TABLE`. */
  readonly commandTag: string;
}

/** A PostgreSQL error as the server reported it. */
export interface PgError {
  readonly message: string;
  readonly code?: string;
  /** 1-based position in the statement text, when PostgreSQL reports one. */
  readonly position?: number;
}

export function asPgError(error: unknown): PgError | undefined {
  if (!(error instanceof PgConnectionError) || error.severity === undefined) return undefined;
  return {
    message: error.message,
    ...(error.code !== undefined && { code: error.code }),
    ...(error.position !== undefined && { position: error.position }),
  };
}

type ProtocolMessage = BackendMessage;

function send(db: PgConnection, message: Uint8Array): Promise<ProtocolMessage[]> {
  return db.exec(message);
}

/** Parse, bind (all parameters as text of unknown type, so PostgreSQL infers them), execute. */
export async function runStatement(
  db: PgConnection,
  sql: string,
  parameters: readonly (string | null)[] = [],
): Promise<PgResult> {
  const messages: ProtocolMessage[] = [];
  try {
    messages.push(...(await send(db, protocol.serialize.parse({ text: sql }))));
    messages.push(...(await send(db, protocol.serialize.bind({ values: [...parameters] }))));
    messages.push(...(await send(db, protocol.serialize.describe({ type: 'P' }))));
    messages.push(...(await send(db, protocol.serialize.execute({}))));
  } finally {
    await send(db, protocol.serialize.sync());
  }
  return collect(messages);
}

/** A statement without parameters through the simple protocol (BEGIN, COMMIT, SET…). */
export async function runSimple(db: PgConnection, sql: string): Promise<void> {
  try {
    await send(db, protocol.serialize.query(sql));
  } finally {
    await send(db, protocol.serialize.sync());
  }
}

function collect(messages: readonly ProtocolMessage[]): PgResult {
  let columns: PgColumn[] | undefined;
  const rows: (string | null)[][] = [];
  let commandTag = '';
  for (const message of messages) {
    if (message.name === 'rowDescription') {
      const fields = message.fields as {
        name: string;
        tableID: number;
        columnID: number;
        dataTypeID: number;
        dataTypeModifier: number;
      }[];
      columns = fields.map((field) => ({
        name: field.name,
        tableId: field.tableID,
        columnId: field.columnID,
        typeId: field.dataTypeID,
        typeModifier: field.dataTypeModifier,
      }));
    } else if (message.name === 'dataRow') {
      rows.push([...(message.fields as (string | null)[])]);
    } else if (message.name === 'commandComplete') {
      commandTag = message.text ?? '';
    }
  }
  return { columns, rows, commandTag };
}

/** Rows a command touched or returned, from its tag (`INSERT 0 3` → 3, `CREATE TABLE` → 0). */
export function affectedRows(commandTag: string): number {
  const last = commandTag.split(' ').pop() ?? '';
  return /^\d+$/.test(last) ? Number(last) : 0;
}

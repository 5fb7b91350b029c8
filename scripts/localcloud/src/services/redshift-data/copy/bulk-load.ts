/**
 * Sends a COPY's rows to PostgreSQL in bulk: PostgreSQL's text format, `COPY … FROM '/dev/blob'`
 * (PGlite's way to hand the engine a file) in batches, one statement per batch instead of a
 * round trip per row. With the database's files on disk (data-directory.ts) a batch takes the
 * same time into an empty table as into one holding a million rows.
 */
import { PgConnectionError, type PgConnection } from '../pg-connection';

/** Where a row came from, to report a failure as Redshift does (file and line). */
export interface RowOrigin {
  readonly location: string;
  readonly line: number;
}

export interface BulkTarget {
  /** The table as the statement names it (quoted or qualified as needed). */
  readonly table: string;
  readonly columns: readonly { readonly name: string }[];
}

export interface BulkLoadOptions {
  /** Characters of COPY text per batch. @default 1 MiB */
  readonly batchCharacters?: number;
}

const DEFAULT_BATCH_CHARACTERS = 1024 * 1024;

/** The characters COPY's text format escapes, and how. */
const COPY_TEXT_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};
const NEEDS_ESCAPE = /[\\\n\r\t]/;
const ESCAPED_CHARACTERS = new RegExp(NEEDS_ESCAPE.source, 'g');

/** A value in COPY's text format: `\N` is NULL; backslash and the row and field separators escaped. */
export function copyTextValue(value: string | null): string {
  if (value === null) return '\\N';
  // Most values have nothing to escape; testing first is cheaper than a replace that finds nothing.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPED_CHARACTERS, (char) => COPY_TEXT_ESCAPES[char]!);
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export class BulkLoader {
  private lines: string[] = [];
  private origins: RowOrigin[] = [];
  private sent: RowOrigin[] = [];
  private characters = 0;
  private loaded = 0;
  /** The batch the engine is loading while the next is read, with where its rows came from. */
  private inFlight: { readonly loaded: Promise<number>; readonly origins: RowOrigin[] } | undefined;
  private readonly columnList: string;
  private readonly batchCharacters: number;

  constructor(
    private readonly db: PgConnection,
    private readonly target: BulkTarget,
    options: BulkLoadOptions = {},
  ) {
    this.columnList = target.columns.map((column) => quoteIdentifier(column.name)).join(', ');
    this.batchCharacters = options.batchCharacters ?? DEFAULT_BATCH_CHARACTERS;
  }

  /** Adds a row to the batch; true once the batch is full and should be flushed. */
  add(values: readonly (string | null)[], origin: RowOrigin): boolean {
    const line = values.map(copyTextValue).join('\t') + '\n';
    this.lines.push(line);
    this.origins.push(origin);
    this.characters += line.length;
    return this.characters >= this.batchCharacters;
  }

  /** Sends what is left and waits for every batch to load; returns the rows loaded in all. */
  async finish(): Promise<number> {
    await this.flush();
    await this.settle();
    return this.loaded;
  }

  /**
   * Hands the rows gathered so far to the engine once the batch before them has loaded, without
   * waiting for them: the engine, in its own thread, loads one batch while the caller reads the
   * next. A batch's error surfaces at the next flush or at finish, before any later batch is sent.
   */
  async flush(): Promise<void> {
    await this.settle();
    if (this.lines.length === 0) return;
    const data = new TextEncoder().encode(this.lines.join(''));
    const origins = this.origins;
    this.lines = [];
    this.origins = [];
    this.characters = 0;
    const loaded = this.db.copyFrom(
      `COPY ${this.target.table} (${this.columnList}) FROM '/dev/blob'`,
      data,
    );
    loaded.catch(() => undefined); // awaited by settle(); this only marks it as handled
    this.inFlight = { loaded, origins };
  }

  /** Waits for the batch being loaded, if any; its rows are then the ones an error points into. */
  private async settle(): Promise<void> {
    const batch = this.inFlight;
    if (!batch) return;
    this.inFlight = undefined;
    this.sent = batch.origins;
    this.loaded += await batch.loaded;
  }

  /** The row a failed batch stopped at, from PostgreSQL's context `COPY t, line n…`. */
  originOf(error: unknown): RowOrigin | undefined {
    const where = error instanceof PgConnectionError ? error.where : undefined;
    const line = where?.startsWith('COPY ') ? /\bline (\d+)/.exec(where)?.[1] : undefined;
    return line === undefined ? undefined : this.sent[Number(line) - 1];
  }
}

/**
 * Splitting SQL files into the statements the Redshift Data API takes one at a time, and the
 * Data API's request limits. The scanner knows enough of the lexical rules (string literals
 * with `''` and `E'\''` escapes, quoted identifiers, `--` and nested `/* *\/` comments,
 * dollar-quoted bodies) that a `;` or `:name` inside any of them is never mistaken for syntax.
 */
import { SqlSyntaxError } from './errors';

/**
 * The Data API's limits, the one place these numbers live.
 * - `statementsPerBatch`: BatchExecuteStatement `Sqls` holds 1 to 40 items (API reference).
 * - `charactersPerStatement`: a statement larger than 100 kB is refused ("Cannot process query
 *   string larger than 100kB"); counted here in UTF-8 bytes, which is never fewer than characters.
 * - `charactersPerBatch`: AWS documents no separate total for a batch, so it is the product of
 *   the two above; kept so callers check one figure rather than multiplying themselves.
 */
export const DATA_API_LIMITS = {
  statementsPerBatch: 40,
  charactersPerStatement: 100_000,
  charactersPerBatch: 40 * 100_000,
} as const;

/** The size a statement counts as against {@link DATA_API_LIMITS}. */
export function statementSize(sql: string): number {
  return Buffer.byteLength(sql, 'utf8');
}

/** Why a batch cannot be sent as it is, or undefined when it fits the Data API's limits. */
export function batchLimitViolation(sqls: readonly string[]): string | undefined {
  if (sqls.length === 0) return 'a batch needs at least one statement';
  if (sqls.length > DATA_API_LIMITS.statementsPerBatch)
    return `${sqls.length} statements exceed the ${DATA_API_LIMITS.statementsPerBatch} a batch can hold`;
  let total = 0;
  for (const [index, sql] of sqls.entries()) {
    const size = statementSize(sql);
    if (size > DATA_API_LIMITS.charactersPerStatement)
      return `statement ${index + 1} has ${size} bytes, more than the ${DATA_API_LIMITS.charactersPerStatement} a statement can have`;
    total += size;
  }
  if (total > DATA_API_LIMITS.charactersPerBatch)
    return `the batch has ${total} bytes, more than the ${DATA_API_LIMITS.charactersPerBatch} allowed`;
  return undefined;
}

type Region = 'code' | 'comment' | 'literal';

interface Segment {
  readonly region: Region;
  readonly text: string;
}

const IDENTIFIER_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/**
 * Cuts SQL text into code, comment and literal segments (strings, quoted identifiers and
 * dollar-quoted bodies all count as literal). An unterminated literal or comment is an error:
 * splitting after it would send half a statement.
 */
function scan(sql: string): Segment[] {
  const segments: Segment[] = [];
  let codeStart = 0;
  let index = 0;
  const flushCode = (end: number): void => {
    if (end > codeStart) segments.push({ region: 'code', text: sql.slice(codeStart, end) });
  };
  const emit = (region: Region, start: number, end: number): void => {
    flushCode(start);
    segments.push({ region, text: sql.slice(start, end) });
    index = end;
    codeStart = end;
  };
  const unterminated = (what: string, start: number): never => {
    throw new SqlSyntaxError(`Unterminated ${what} starting at offset ${start}`, start);
  };

  while (index < sql.length) {
    const char = sql[index]!;
    const next = sql[index + 1];
    const previous = index > 0 ? sql[index - 1]! : '';
    if (char === '-' && next === '-') {
      const newline = sql.indexOf('\n', index);
      emit('comment', index, newline === -1 ? sql.length : newline);
    } else if (char === '/' && next === '*') {
      emit('comment', index, blockCommentEnd(sql, index) ?? unterminated('comment', index));
    } else if (char === "'") {
      const escaped = /[eE]/.test(previous) && !IDENTIFIER_PART.test(sql[index - 2] ?? '');
      const start = escaped ? index - 1 : index;
      emit(
        'literal',
        start,
        quotedEnd(sql, index, "'", escaped) ?? unterminated('string literal', start),
      );
    } else if (char === '"') {
      emit(
        'literal',
        index,
        quotedEnd(sql, index, '"', false) ?? unterminated('identifier', index),
      );
    } else if (char === '$' && !IDENTIFIER_PART.test(previous)) {
      const tag = DOLLAR_TAG.exec(sql.slice(index))?.[0];
      if (tag === undefined) {
        index += 1;
        continue;
      }
      const close = sql.indexOf(tag, index + tag.length);
      if (close === -1) unterminated('dollar-quoted body', index);
      emit('literal', index, close + tag.length);
    } else {
      index += 1;
    }
  }
  flushCode(sql.length);
  return segments;
}

/** End (exclusive) of a `/* … *\/` comment starting at `start`; they nest, as in PostgreSQL. */
function blockCommentEnd(sql: string, start: number): number | undefined {
  let depth = 0;
  let index = start;
  while (index < sql.length) {
    if (sql.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (sql.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  return undefined;
}

/** End (exclusive) of a quoted run opened at `start`; a doubled quote is an escaped quote. */
function quotedEnd(
  sql: string,
  start: number,
  quote: string,
  backslashes: boolean,
): number | undefined {
  let index = start + 1;
  while (index < sql.length) {
    const char = sql[index]!;
    if (backslashes && char === '\\') {
      index += 2;
    } else if (char === quote) {
      if (sql[index + 1] === quote) index += 2;
      else return index + 1;
    } else {
      index += 1;
    }
  }
  return undefined;
}

/**
 * The statements of a SQL file, in order, each without its terminating `;` and without
 * surrounding whitespace. Pieces holding only whitespace and comments are dropped; text after
 * the last `;` is a statement of its own.
 */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let hasCode = false;
  const finish = (): void => {
    if (hasCode) statements.push(current.trim());
    current = '';
    hasCode = false;
  };
  for (const segment of scan(sql)) {
    if (segment.region !== 'code') {
      current += segment.text;
      if (segment.region === 'literal') hasCode = true;
      continue;
    }
    const pieces = segment.text.split(';');
    for (const [index, piece] of pieces.entries()) {
      if (index > 0) finish();
      current += piece;
      if (piece.trim() !== '') hasCode = true;
    }
  }
  finish();
  return statements;
}

/** The code of a statement with comments removed and literals kept, for keyword checks. */
function codeOnly(sql: string): string {
  return scan(sql)
    .map((segment) => (segment.region === 'comment' ? ' ' : segment.text))
    .join('');
}

/** The statement's first keyword in upper case (`COPY`, `DELETE`…), skipping leading comments. */
export function firstKeyword(sql: string): string {
  return /^\s*([A-Za-z_]+)/.exec(codeOnly(sql))?.[1]?.toUpperCase() ?? '';
}

/**
 * The Data API named parameters (`:name`) a statement uses, outside literals and comments.
 * `a::int` is a cast, not a parameter.
 */
export function namedParameters(sql: string): Set<string> {
  const names = new Set<string>();
  for (const segment of scan(sql)) {
    if (segment.region !== 'code') continue;
    for (const match of segment.text.matchAll(/(:?):([A-Za-z0-9_]+)/g)) {
      const before = segment.text[(match.index ?? 0) - 1];
      if (match[1] === '' && before !== ':') names.add(match[2]!);
    }
  }
  return names;
}

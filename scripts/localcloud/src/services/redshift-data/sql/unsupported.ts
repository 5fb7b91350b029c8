/**
 * Redshift constructs the local PostgreSQL engine cannot run faithfully. They are refused with
 * their name and position instead of being dropped or run as something else.
 */
import type { Token } from './tokenizer';

export class UnsupportedSqlError extends Error {
  override readonly name = 'UnsupportedSqlError';
  constructor(
    /** What was refused, e.g. `QUALIFY`. */
    readonly construct: string,
    /** 1-based character position in the statement, as PostgreSQL reports positions. */
    readonly position: number,
    readonly statement: string,
    reason?: string,
  ) {
    super(
      `${construct} is not supported by the local Redshift emulator${reason ? ` (${reason})` : ''}: ` +
        `at position ${position} of statement: ${abbreviate(statement)}`,
    );
  }
}

function abbreviate(statement: string): string {
  const flat = statement.trim().replace(/\s+/g, ' ');
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

export function refuse(construct: string, token: Token, statement: string, reason?: string): never {
  throw new UnsupportedSqlError(construct, token.start + 1, statement, reason);
}

/** Statements whose first keywords name a Redshift-only command. */
export const UNSUPPORTED_COMMANDS: readonly (readonly string[])[] = [
  ['UNLOAD'],
  ['CREATE', 'EXTERNAL'],
  ['DROP', 'EXTERNAL'],
  ['ALTER', 'EXTERNAL'],
  ['CREATE', 'LIBRARY'],
  ['CREATE', 'DATASHARE'],
  ['ALTER', 'DATASHARE'],
  ['ANALYZE', 'COMPRESSION'],
  ['CREATE', 'MATERIALIZED', 'VIEW'],
  ['REFRESH', 'MATERIALIZED', 'VIEW'],
];

/** Redshift-only words refused wherever they appear outside strings and quoted identifiers. */
export const UNSUPPORTED_WORDS: Readonly<Record<string, string>> = {
  QUALIFY: 'PostgreSQL has no QUALIFY clause',
  SUPER: 'the SUPER type and its navigation have no PostgreSQL equivalent here',
  JSON_PARSE: 'SUPER values are not supported',
  JSON_SERIALIZE: 'SUPER values are not supported',
  OBJECT_TRANSFORM: 'SUPER values are not supported',
};

/** Redshift-only words refused when they open a parenthesis. */
export const UNSUPPORTED_CALLS: Readonly<Record<string, string>> = {
  PIVOT: 'PostgreSQL has no PIVOT operator',
  UNPIVOT: 'PostgreSQL has no UNPIVOT operator',
};

/**
 * A lexical scanner for Redshift/PostgreSQL SQL. The translator rewrites only `word` and
 * `punct` tokens, so anything inside string literals, quoted identifiers, comments and
 * dollar-quoted bodies is carried through byte for byte.
 */

export type TokenKind =
  | 'whitespace'
  | 'comment'
  | 'string' // '…', E'…', N'…', X'…', B'…'
  | 'dollar' // $tag$ … $tag$
  | 'quoted' // "identifier"
  | 'word' // identifier or keyword
  | 'number'
  | 'parameter' // :name (Data API named parameter)
  | 'punct'; // operators and punctuation, one token per run of operator characters

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** 0-based offset of the token in the source. */
  readonly start: number;
}

export class SqlSyntaxError extends Error {
  override readonly name = 'SqlSyntaxError';
  constructor(
    message: string,
    /** 0-based offset where the problem starts. */
    readonly position: number,
  ) {
    super(message);
  }
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DIGIT = /[0-9]/;
const OPERATOR_CHARS = '+-*/<>=~!@#%^&|`?';
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const push = (kind: TokenKind, end: number): void => {
    tokens.push({ kind, text: sql.slice(index, end), start: index });
    index = end;
  };

  while (index < sql.length) {
    const char = sql[index]!;
    const next = sql[index + 1];
    if (/\s/.test(char)) {
      let end = index + 1;
      while (end < sql.length && /\s/.test(sql[end]!)) end += 1;
      push('whitespace', end);
    } else if (char === '-' && next === '-') {
      const newline = sql.indexOf('\n', index);
      push('comment', newline === -1 ? sql.length : newline);
    } else if (char === '/' && next === '*') {
      push('comment', blockCommentEnd(sql, index));
    } else if (char === "'") {
      push('string', quotedEnd(sql, index, "'", false));
    } else if (/[EeNnXxBb]/.test(char) && next === "'") {
      const backslashEscapes = char === 'E' || char === 'e';
      push('string', quotedEnd(sql, index + 1, "'", backslashEscapes));
    } else if (char === '"') {
      push('quoted', quotedEnd(sql, index, '"', false));
    } else if (char === '$') {
      const tag = DOLLAR_TAG.exec(sql.slice(index));
      if (tag) {
        const close = sql.indexOf(tag[0], index + tag[0].length);
        if (close === -1) throw new SqlSyntaxError('unterminated dollar-quoted string', index);
        push('dollar', close + tag[0].length);
      } else if (next !== undefined && DIGIT.test(next)) {
        let end = index + 1;
        while (end < sql.length && DIGIT.test(sql[end]!)) end += 1;
        push('word', end); // a positional $1 parameter: kept as is
      } else {
        push('punct', index + 1);
      }
    } else if (
      char === ':' &&
      next !== undefined &&
      WORD_START.test(next) &&
      sql[index - 1] !== ':'
    ) {
      let end = index + 2;
      while (end < sql.length && /[A-Za-z0-9_]/.test(sql[end]!)) end += 1;
      push('parameter', end);
    } else if (WORD_START.test(char)) {
      let end = index + 1;
      while (end < sql.length && WORD_PART.test(sql[end]!)) end += 1;
      push('word', end);
    } else if (DIGIT.test(char) || (char === '.' && next !== undefined && DIGIT.test(next))) {
      push('number', numberEnd(sql, index));
    } else if (OPERATOR_CHARS.includes(char)) {
      let end = index + 1;
      while (end < sql.length && OPERATOR_CHARS.includes(sql[end]!)) {
        // `--` and `/*` start comments even inside an operator run.
        const pair = sql.slice(end, end + 2);
        if (pair === '--' || pair === '/*') break;
        end += 1;
      }
      push('punct', end);
    } else if (char === ':' && next === ':') {
      push('punct', index + 2);
    } else {
      push('punct', index + 1);
    }
  }
  return tokens;
}

function blockCommentEnd(sql: string, start: number): number {
  // PostgreSQL block comments nest.
  let depth = 0;
  let index = start;
  while (index < sql.length) {
    const pair = sql.slice(index, index + 2);
    if (pair === '/*') {
      depth += 1;
      index += 2;
    } else if (pair === '*/') {
      depth -= 1;
      index += 2;
      if (depth === 0) return index;
    } else {
      index += 1;
    }
  }
  throw new SqlSyntaxError('unterminated /* comment', start);
}

function quotedEnd(sql: string, openAt: number, quote: string, backslashEscapes: boolean): number {
  let index = openAt + 1;
  while (index < sql.length) {
    const char = sql[index]!;
    if (backslashEscapes && char === '\\') {
      index += 2;
    } else if (char === quote) {
      if (sql[index + 1] === quote)
        index += 2; // doubled quote is an escaped quote
      else return index + 1;
    } else {
      index += 1;
    }
  }
  const what = quote === "'" ? 'quoted string' : 'quoted identifier';
  throw new SqlSyntaxError(`unterminated ${what}`, openAt);
}

function numberEnd(sql: string, start: number): number {
  let index = start;
  while (index < sql.length && DIGIT.test(sql[index]!)) index += 1;
  if (sql[index] === '.' && sql[index + 1] !== '.') {
    index += 1;
    while (index < sql.length && DIGIT.test(sql[index]!)) index += 1;
  }
  if (/[eE]/.test(sql[index] ?? '') && /[-+0-9]/.test(sql[index + 1] ?? '')) {
    index += 2;
    while (index < sql.length && DIGIT.test(sql[index]!)) index += 1;
  }
  return index;
}

/** True for tokens that carry no meaning for the grammar. */
export function isTrivia(token: Token): boolean {
  return token.kind === 'whitespace' || token.kind === 'comment';
}

/** The upper-cased keyword of a word token, or undefined for any other token. */
export function keywordOf(token: Token | undefined): string | undefined {
  return token?.kind === 'word' ? token.text.toUpperCase() : undefined;
}

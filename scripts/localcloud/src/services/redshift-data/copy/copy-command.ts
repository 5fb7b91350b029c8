/**
 * Parses Redshift's `COPY <table> [(columns)] FROM 's3://bucket/prefix' <options>` for the
 * subset the emulator loads: JSON ('auto' / 'auto ignorecase'), CSV and delimited text, plain
 * or GZIP. Options that would change what gets loaded and are not implemented are refused with
 * their position rather than ignored.
 */
import { isTrivia, keywordOf, tokenize, type Token } from '../sql/tokenizer';
import { refuse } from '../sql/unsupported';

export type CopyFormat =
  | { readonly kind: 'json'; readonly ignoreCase: boolean }
  | { readonly kind: 'csv'; readonly delimiter: string; readonly quote: string }
  | { readonly kind: 'text'; readonly delimiter: string };

export interface CopyCommand {
  /** The table as written (identifiers validated), usable in SQL. */
  readonly table: string;
  /** Its name as Redshift prints it in load errors (last part, unquoted). */
  readonly tableName: string;
  /** Explicit column list as PostgreSQL identifiers (lower-cased unless quoted). */
  readonly columns?: readonly string[];
  readonly bucket: string;
  readonly prefix: string;
  readonly format: CopyFormat;
  readonly ignoreHeaderLines: number;
  readonly gzip: boolean;
  readonly emptyAsNull: boolean;
  readonly blanksAsNull: boolean;
  readonly explicitIds: boolean;
  readonly nullAs?: string;
}

export function isCopyStatement(sql: string): boolean {
  const first = tokenize(sql).find((token) => !isTrivia(token));
  return keywordOf(first) === 'COPY';
}

/** Options that only concern Redshift's own machinery; accepted with their argument, if any. */
const IGNORED_WITH_VALUE = new Set([
  'IAM_ROLE', 'CREDENTIALS', 'ACCESS_KEY_ID', 'SECRET_ACCESS_KEY', 'SESSION_TOKEN', 'REGION',
  'COMPUPDATE', 'STATUPDATE', 'ENCODING',
]); // prettier-ignore
const AUTO_FORMATS = new Set(['auto', 'YYYY-MM-DD', 'YYYY-MM-DD HH:MI:SS']);

export function parseCopyCommand(statement: string): CopyCommand {
  const tokens = tokenize(statement).filter((token) => !isTrivia(token));
  const cursor = new Cursor(tokens, statement);
  cursor.expectKeyword('COPY');
  const { table, tableName } = cursor.tableName();
  const columns = cursor.isPunct('(') ? cursor.columnList() : undefined;
  cursor.expectKeyword('FROM');
  const sourceToken = cursor.peek();
  const source = cursor.stringLiteral('an s3:// location');
  const match = /^s3:\/\/([^/]+)\/?(.*)$/.exec(source);
  if (!match)
    refuse(`COPY FROM '${source}'`, sourceToken!, statement, 'only s3:// sources are loaded');

  let format: CopyFormat = { kind: 'text', delimiter: '|' };
  let delimiter: string | undefined;
  let quote: string | undefined;
  const options = {
    ignoreHeaderLines: 0,
    gzip: false,
    emptyAsNull: false,
    blanksAsNull: false,
    explicitIds: false,
    nullAs: undefined as string | undefined,
  };
  while (!cursor.done()) {
    const token = cursor.next();
    const option = keywordOf(token);
    if (token.text === ';' && cursor.done()) break;
    if (option === 'WITH' || option === 'FORMAT') {
      cursor.skipKeyword('AS');
      continue;
    }
    if (option !== undefined && IGNORED_WITH_VALUE.has(option)) {
      cursor.skipKeyword('AS');
      cursor.next(); // the value: a string, DEFAULT, ON/OFF, a codec name…
      continue;
    }
    switch (option) {
      case 'JSON': {
        cursor.skipKeyword('AS');
        const argToken = cursor.peek();
        const argument = cursor.stringLiteral("'auto' or 'auto ignorecase'");
        if (argument !== 'auto' && argument !== 'auto ignorecase')
          refuse(
            `JSON '${argument}'`,
            argToken!,
            statement,
            "only 'auto' and 'auto ignorecase' are loaded",
          );
        format = { kind: 'json', ignoreCase: argument === 'auto ignorecase' };
        break;
      }
      case 'CSV':
        format = { kind: 'csv', delimiter: ',', quote: '"' };
        break;
      case 'QUOTE':
        cursor.skipKeyword('AS');
        quote = cursor.stringLiteral('a quote character');
        break;
      case 'DELIMITER':
        cursor.skipKeyword('AS');
        delimiter = cursor.stringLiteral('a delimiter');
        break;
      case 'IGNOREHEADER':
        cursor.skipKeyword('AS');
        options.ignoreHeaderLines = cursor.integer('a number of lines');
        break;
      case 'TIMEFORMAT':
      case 'DATEFORMAT': {
        cursor.skipKeyword('AS');
        const formatToken = cursor.peek();
        const value = cursor.stringLiteral('a format');
        if (!AUTO_FORMATS.has(value))
          refuse(`${option} '${value}'`, formatToken!, statement, "only 'auto' is supported");
        break;
      }
      case 'NULL':
        cursor.skipKeyword('AS');
        options.nullAs = cursor.stringLiteral('a null string');
        break;
      case 'GZIP':
        options.gzip = true;
        break;
      case 'EMPTYASNULL':
        options.emptyAsNull = true;
        break;
      case 'BLANKSASNULL':
        options.blanksAsNull = true;
        break;
      case 'EXPLICIT_IDS':
        options.explicitIds = true;
        break;
      default:
        refuse(`COPY option ${token.text}`, token, statement, 'not implemented by the local COPY');
    }
  }
  if (quote !== undefined && format.kind !== 'csv')
    refuse('QUOTE', tokens[0]!, statement, 'QUOTE needs CSV');
  if (format.kind === 'csv')
    format = { kind: 'csv', delimiter: delimiter ?? ',', quote: quote ?? '"' };
  else if (format.kind === 'text') format = { kind: 'text', delimiter: delimiter ?? '|' };
  else if (delimiter !== undefined)
    refuse('DELIMITER', tokens[0]!, statement, 'DELIMITER does not apply to JSON');
  return {
    table,
    tableName,
    ...(columns && { columns }),
    bucket: match[1]!,
    prefix: match[2]!,
    format,
    ...options,
  };
}

class Cursor {
  private index = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly statement: string,
  ) {}

  done(): boolean {
    return this.index >= this.tokens.length;
  }
  peek(): Token | undefined {
    return this.tokens[this.index];
  }
  next(): Token {
    const token = this.tokens[this.index];
    if (!token) this.fail('more input', this.tokens[this.tokens.length - 1]);
    this.index += 1;
    return token;
  }
  isPunct(text: string): boolean {
    const token = this.peek();
    return token?.kind === 'punct' && token.text === text;
  }
  skipKeyword(keyword: string): void {
    if (keywordOf(this.peek()) === keyword) this.index += 1;
  }
  expectKeyword(keyword: string): void {
    if (keywordOf(this.peek()) !== keyword) this.fail(keyword, this.peek());
    this.index += 1;
  }
  stringLiteral(what: string): string {
    const token = this.peek();
    if (token?.kind !== 'string' || !token.text.startsWith("'")) this.fail(what, token);
    this.index += 1;
    return token.text.slice(1, -1).replace(/''/g, "'");
  }
  integer(what: string): number {
    const token = this.peek();
    if (token?.kind !== 'number' || !/^\d+$/.test(token.text)) this.fail(what, token);
    this.index += 1;
    return Number(token.text);
  }
  tableName(): { table: string; tableName: string } {
    const parts: Token[] = [this.identifier()];
    while (this.isPunct('.')) {
      this.index += 1;
      parts.push(this.identifier());
    }
    const last = parts[parts.length - 1]!;
    return { table: parts.map((part) => part.text).join('.'), tableName: identifierValue(last) };
  }
  columnList(): string[] {
    this.index += 1; // (
    const columns = [identifierValue(this.identifier())];
    while (this.isPunct(',')) {
      this.index += 1;
      columns.push(identifierValue(this.identifier()));
    }
    if (!this.isPunct(')')) this.fail('")"', this.peek());
    this.index += 1;
    return columns;
  }
  private identifier(): Token {
    const token = this.peek();
    if (token?.kind !== 'word' && token?.kind !== 'quoted') this.fail('an identifier', token);
    this.index += 1;
    return token;
  }
  private fail(expected: string, token: Token | undefined): never {
    const at = token ?? { kind: 'punct' as const, text: '', start: this.statement.length };
    refuse(`COPY syntax (expected ${expected})`, at, this.statement);
  }
}

/** `Orders` → `orders`; `"Orders"` → `Orders`, as PostgreSQL folds identifiers. */
export function identifierValue(token: Token): string {
  return token.kind === 'quoted'
    ? token.text.slice(1, -1).replace(/""/g, '"')
    : token.text.toLowerCase();
}

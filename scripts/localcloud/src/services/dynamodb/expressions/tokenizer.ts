/**
 * Lexer shared by every DynamoDB expression kind. DynamoDB's own lexer decides what a bare
 * name is (a letter, then letters, digits or underscores) and what a placeholder is (`#` or
 * `:` followed by at least one letter, digit or underscore); anything else splits tokens and
 * surfaces as a syntax error naming the offending token.
 */
import { validationError } from '../errors';

export type TokenKind =
  'name' | 'nameRef' | 'valueRef' | 'index' | 'punct' | 'comparator' | 'eof' | 'invalid';

export interface Token {
  readonly kind: TokenKind;
  /** Source text; for `index` the digits between the brackets. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export type ExpressionKind =
  | 'ConditionExpression'
  | 'UpdateExpression'
  | 'ProjectionExpression'
  | 'KeyConditionExpression'
  | 'FilterExpression';

const COMPARATORS = ['<>', '<=', '>=', '=', '<', '>'];
const PUNCTUATION = '(),.+-';

export function tokenize(source: string, kind: ExpressionKind): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < source.length) {
    const char = source[position]!;
    if (/\s/.test(char)) {
      position += 1;
      continue;
    }
    const start = position;
    const push = (tokenKind: TokenKind, end: number, text = source.slice(start, end)): void => {
      tokens.push({ kind: tokenKind, text, start, end });
      position = end;
    };
    if (/[A-Za-z]/.test(char)) {
      push('name', scanWord(source, position + 1));
    } else if (char === '#' || char === ':') {
      const end = scanWord(source, position + 1);
      push(end === position + 1 ? 'invalid' : char === '#' ? 'nameRef' : 'valueRef', end);
    } else if (char === '[') {
      const match = /^\[\s*(\d+)\s*\]/.exec(source.slice(position));
      if (match) push('index', position + match[0].length, match[1]);
      else push('invalid', position + 1);
    } else if (COMPARATORS.some((op) => source.startsWith(op, position))) {
      const op = COMPARATORS.find((candidate) => source.startsWith(candidate, position))!;
      push('comparator', position + op.length);
    } else if (PUNCTUATION.includes(char)) {
      push('punct', position + 1);
    } else {
      push('invalid', position + 1);
    }
  }
  tokens.push({ kind: 'eof', text: '<EOF>', start: source.length, end: source.length });
  if (tokens.length === 1)
    throw validationError(`Invalid ${kind}: The expression can not be empty;`);
  return tokens;
}

function scanWord(source: string, from: number): number {
  let end = from;
  while (end < source.length && /[A-Za-z0-9_]/.test(source[end]!)) end += 1;
  return end;
}

/** A cursor over tokens that reports errors the way DynamoDB does. */
export class TokenStream {
  private position = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
    readonly kind: ExpressionKind,
  ) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position += 1;
    return token;
  }

  /** True (and consumed) when the next token is this keyword, in any case. */
  acceptKeyword(word: string): boolean {
    if (this.isKeyword(word)) {
      this.next();
      return true;
    }
    return false;
  }

  isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'name' && token.text.toUpperCase() === word;
  }

  accept(text: string): boolean {
    const token = this.peek();
    if ((token.kind === 'punct' || token.kind === 'comparator') && token.text === text) {
      this.next();
      return true;
    }
    return false;
  }

  expect(text: string): void {
    if (!this.accept(text)) throw this.syntaxError();
  }

  expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) throw this.syntaxError();
  }

  expectEnd(): void {
    if (this.peek().kind !== 'eof') throw this.syntaxError();
  }

  /** `Syntax error; token: "x", near: "…"`: near spans the previous, current and next token. */
  syntaxError(token: Token = this.peek()): Error {
    const index = this.tokens.indexOf(token);
    const before = this.tokens[index - 1];
    const after = this.tokens[index + 1];
    const from = before ? before.start : token.start;
    const to = after && after.kind !== 'eof' ? after.end : token.end;
    return this.error(
      `Syntax error; token: "${token.text}", near: "${this.source.slice(from, to)}"`,
    );
  }

  error(detail: string): Error {
    return validationError(`Invalid ${this.kind}: ${detail}`);
  }
}

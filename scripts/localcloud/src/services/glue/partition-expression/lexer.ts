/**
 * Splits a Glue partition predicate (`year = '2026' AND month BETWEEN '01' AND '03'`) into
 * tokens. Keywords are case-insensitive, strings use single quotes with `''` as an escaped
 * quote, and identifiers may be quoted with backticks or double quotes as JSQLParser allows.
 */
import { PartitionExpressionError } from './errors';

export type TokenKind =
  'identifier' | 'keyword' | 'string' | 'number' | 'operator' | 'open' | 'close' | 'comma' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** Keywords upper-cased, strings unescaped, identifiers unquoted; operators as written. */
  readonly text: string;
  /** Offset in the expression, for messages. */
  readonly position: number;
}

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', 'LIKE', 'IS', 'NULL']);
const OPERATORS = ['<>', '!=', '>=', '<=', '=', '<', '>'];
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_$]/;
const NUMBER = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/;

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const char = expression.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const start = index;
    if (char === '(' || char === ')' || char === ',') {
      tokens.push({
        kind: char === '(' ? 'open' : char === ')' ? 'close' : 'comma',
        text: char,
        position: start,
      });
      index += 1;
      continue;
    }
    if (char === "'") {
      const [text, next] = readQuoted(expression, index, "'", 'string literal');
      tokens.push({ kind: 'string', text, position: start });
      index = next;
      continue;
    }
    if (char === '`' || char === '"') {
      const [text, next] = readQuoted(expression, index, char, 'quoted column name');
      tokens.push({ kind: 'identifier', text, position: start });
      index = next;
      continue;
    }
    const operator = OPERATORS.find((candidate) => expression.startsWith(candidate, index));
    if (operator) {
      tokens.push({ kind: 'operator', text: operator, position: start });
      index += operator.length;
      continue;
    }
    const signed = char === '-' || char === '+';
    const number = NUMBER.exec(expression.slice(signed ? index + 1 : index));
    if (number && (signed || /[0-9]/.test(char))) {
      const length = number[0].length + (signed ? 1 : 0);
      tokens.push({
        kind: 'number',
        text: expression.slice(index, index + length),
        position: start,
      });
      index += length;
      continue;
    }
    if (IDENTIFIER_START.test(char)) {
      while (index < expression.length && IDENTIFIER_PART.test(expression.charAt(index)))
        index += 1;
      const word = expression.slice(start, index);
      const upper = word.toUpperCase();
      tokens.push(
        KEYWORDS.has(upper)
          ? { kind: 'keyword', text: upper, position: start }
          : { kind: 'identifier', text: word, position: start },
      );
      continue;
    }
    throw new PartitionExpressionError(`Unexpected character '${char}' at position ${start}`);
  }
  tokens.push({ kind: 'end', text: '', position: expression.length });
  return tokens;
}

/** Reads a quoted run starting at `start`; a doubled quote stands for one quote character. */
function readQuoted(
  expression: string,
  start: number,
  quote: string,
  what: string,
): [text: string, next: number] {
  let text = '';
  let index = start + 1;
  while (index < expression.length) {
    const char = expression.charAt(index);
    if (char === quote) {
      if (expression.charAt(index + 1) === quote) {
        text += quote;
        index += 2;
        continue;
      }
      return [text, index + 1];
    }
    text += char;
    index += 1;
  }
  throw new PartitionExpressionError(`Unterminated ${what} starting at position ${start}`);
}

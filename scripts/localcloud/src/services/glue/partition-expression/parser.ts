/**
 * Recursive-descent parser for Glue's partition predicate, the SQL WHERE subset the
 * GetPartitions reference lists: comparisons (=, <>, !=, <, <=, >, >=), [NOT] BETWEEN … AND …,
 * [NOT] IN (…), [NOT] LIKE, IS [NOT] NULL, combined with NOT, AND, OR and parentheses.
 * Precedence, loosest first: OR, AND, NOT, then a single predicate.
 */
import { PartitionExpressionError } from './errors';
import { tokenize, type Token } from './lexer';

export interface Literal {
  readonly type: 'string' | 'number';
  /** The value as written (unescaped for strings). */
  readonly text: string;
}

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type PartitionPredicate =
  | {
      readonly kind: 'and' | 'or';
      readonly left: PartitionPredicate;
      readonly right: PartitionPredicate;
    }
  | { readonly kind: 'not'; readonly operand: PartitionPredicate }
  | {
      readonly kind: 'compare';
      readonly column: string;
      readonly operator: ComparisonOperator;
      readonly value: Literal;
    }
  | {
      readonly kind: 'between';
      readonly column: string;
      readonly low: Literal;
      readonly high: Literal;
      readonly negated: boolean;
    }
  | {
      readonly kind: 'in';
      readonly column: string;
      readonly values: readonly Literal[];
      readonly negated: boolean;
    }
  | {
      readonly kind: 'like';
      readonly column: string;
      readonly pattern: Literal;
      readonly negated: boolean;
    }
  | { readonly kind: 'isNull'; readonly column: string; readonly negated: boolean };

type Operand = { readonly column: string } | { readonly literal: Literal };

/** `a < b` read right to left is `b > a`: lets `'2026' = year` mean `year = '2026'`. */
const MIRRORED: Readonly<Record<ComparisonOperator, ComparisonOperator>> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
};

export function parsePartitionExpression(expression: string): PartitionPredicate {
  return new Parser(tokenize(expression)).parseWhole();
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseWhole(): PartitionPredicate {
    if (this.peek().kind === 'end') throw new PartitionExpressionError('The expression is empty');
    const predicate = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw this.unexpected(rest, 'AND, OR or the end of the expression');
    return predicate;
  }

  private parseOr(): PartitionPredicate {
    let left = this.parseAnd();
    while (this.acceptKeyword('OR')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): PartitionPredicate {
    let left = this.parseNot();
    while (this.acceptKeyword('AND')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): PartitionPredicate {
    if (this.acceptKeyword('NOT')) return { kind: 'not', operand: this.parseNot() };
    if (this.peek().kind === 'open') {
      this.next();
      const inner = this.parseOr();
      this.expect('close', "')'");
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): PartitionPredicate {
    const leftToken = this.peek();
    const left = this.parseOperand();
    const token = this.peek();
    if (token.kind === 'operator') {
      this.next();
      const operator: ComparisonOperator =
        token.text === '!=' ? '<>' : (token.text as ComparisonOperator);
      const right = this.parseOperand();
      if ('column' in left && 'literal' in right)
        return { kind: 'compare', column: left.column, operator, value: right.literal };
      if ('literal' in left && 'column' in right)
        return {
          kind: 'compare',
          column: right.column,
          operator: MIRRORED[operator],
          value: left.literal,
        };
      throw new PartitionExpressionError(
        `A comparison needs one partition column and one literal value (position ${leftToken.position})`,
      );
    }
    const column = this.columnOf(left, leftToken);
    if (this.acceptKeyword('IS')) {
      const negated = this.acceptKeyword('NOT');
      this.expectKeyword('NULL');
      return { kind: 'isNull', column, negated };
    }
    const negated = this.acceptKeyword('NOT');
    if (this.acceptKeyword('BETWEEN')) {
      const low = this.parseLiteral();
      this.expectKeyword('AND');
      return { kind: 'between', column, low, high: this.parseLiteral(), negated };
    }
    if (this.acceptKeyword('IN')) {
      this.expect('open', "'(' after IN");
      const values = [this.parseLiteral()];
      while (this.peek().kind === 'comma') {
        this.next();
        values.push(this.parseLiteral());
      }
      this.expect('close', "')' or ',' in the IN list");
      return { kind: 'in', column, values, negated };
    }
    if (this.acceptKeyword('LIKE'))
      return { kind: 'like', column, pattern: this.parseLiteral(), negated };
    throw this.unexpected(
      this.peek(),
      negated ? 'BETWEEN, IN or LIKE after NOT' : 'a comparison operator, BETWEEN, IN, LIKE or IS',
    );
  }

  private parseOperand(): Operand {
    const token = this.peek();
    if (token.kind === 'identifier') {
      this.next();
      return { column: token.text };
    }
    return { literal: this.parseLiteral() };
  }

  private parseLiteral(): Literal {
    const token = this.peek();
    if (token.kind === 'string' || token.kind === 'number') {
      this.next();
      return { type: token.kind, text: token.text };
    }
    throw this.unexpected(token, 'a string or number literal');
  }

  private columnOf(operand: Operand, token: Token): string {
    if ('column' in operand) return operand.column;
    throw new PartitionExpressionError(
      `Expected a partition column at position ${token.position}, found a literal`,
    );
  }

  private peek(): Token {
    // The lexer always ends with an `end` token and the parser never reads past it.
    return this.tokens[Math.min(this.index, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }

  private acceptKeyword(keyword: string): boolean {
    const token = this.peek();
    if (token.kind !== 'keyword' || token.text !== keyword) return false;
    this.next();
    return true;
  }

  private expectKeyword(keyword: string): void {
    if (!this.acceptKeyword(keyword)) throw this.unexpected(this.peek(), keyword);
  }

  private expect(kind: Token['kind'], description: string): void {
    if (this.peek().kind !== kind) throw this.unexpected(this.peek(), description);
    this.next();
  }

  private unexpected(token: Token, expected: string): PartitionExpressionError {
    const found = token.kind === 'end' ? 'the end of the expression' : `'${token.text}'`;
    return new PartitionExpressionError(
      `Expected ${expected} at position ${token.position}, found ${found}`,
    );
  }
}

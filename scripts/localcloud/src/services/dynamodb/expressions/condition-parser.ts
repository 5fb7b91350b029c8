/**
 * ConditionExpression / FilterExpression grammar, by precedence from loosest to tightest:
 *   OR, AND, NOT, then comparisons (= <> < <= > >=), BETWEEN, IN and boolean functions.
 * Operands are document paths, `:values` and `size(path)`.
 */
import { ATTRIBUTE_TYPES, TYPE_WORDS, compareScalars, typeOf } from '../attribute-values';
import type { BooleanFunction, Comparator, Condition, DocumentPath, Operand } from './ast';
import { parsePath, startsPath } from './paths';
import type { Placeholders } from './placeholders';
import { TokenStream, tokenize, type ExpressionKind } from './tokenizer';

const BOOLEAN_FUNCTIONS: readonly BooleanFunction[] = [
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
];
const ARITY: Readonly<Record<BooleanFunction | 'size', number>> = {
  attribute_exists: 1,
  attribute_not_exists: 1,
  attribute_type: 2,
  begins_with: 2,
  contains: 2,
  size: 1,
};
const ORDERABLE = new Set(['N', 'S', 'B']);
const MAX_IN_OPERANDS = 100;

export function parseCondition(
  source: string,
  placeholders: Placeholders,
  kind: ExpressionKind = 'ConditionExpression',
): Condition {
  const stream = new TokenStream(source, tokenize(source, kind), kind);
  const parser = new ConditionParser(stream, placeholders);
  const condition = parser.parseOr();
  stream.expectEnd();
  return condition;
}

class ConditionParser {
  constructor(
    private readonly stream: TokenStream,
    private readonly placeholders: Placeholders,
  ) {}

  parseOr(): Condition {
    let left = this.parseAnd();
    while (this.stream.acceptKeyword('OR')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseNot();
    while (this.stream.acceptKeyword('AND')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Condition {
    if (this.stream.acceptKeyword('NOT')) return { kind: 'not', condition: this.parseNot() };
    return this.parsePrimary();
  }

  private parsePrimary(): Condition {
    const { stream } = this;
    if (stream.accept('(')) {
      const inner = this.parseOr();
      stream.expect(')');
      return inner;
    }
    const token = stream.peek();
    if (this.isFunctionCall() && BOOLEAN_FUNCTIONS.includes(token.text as BooleanFunction)) {
      stream.next();
      const name = token.text as BooleanFunction;
      const args = this.parseArguments(name);
      this.checkFunction(name, args);
      if (stream.peek().kind === 'comparator') {
        throw stream.error(
          `The function is not allowed to be used this way in an expression; function: ${name}`,
        );
      }
      return { kind: 'function', name, args };
    }
    const operand = this.parseOperand();
    const next = stream.peek();
    if (next.kind === 'comparator') {
      stream.next();
      const comparator = next.text as Comparator;
      const right = this.parseOperand();
      this.checkOrderable(comparator, [operand, right]);
      return { kind: 'compare', comparator, left: operand, right };
    }
    if (stream.acceptKeyword('BETWEEN')) {
      const low = this.parseOperand();
      stream.expectKeyword('AND');
      const high = this.parseOperand();
      this.checkOrderable('BETWEEN', [operand, low, high]);
      this.checkBounds(low, high);
      return { kind: 'between', operand, low, high };
    }
    if (stream.acceptKeyword('IN')) {
      stream.expect('(');
      const candidates = [this.parseOperand()];
      while (stream.accept(',')) candidates.push(this.parseOperand());
      stream.expect(')');
      if (candidates.length > MAX_IN_OPERANDS) {
        throw stream.error(
          `The IN operator is provided with too many operands; number of operands: ${candidates.length}`,
        );
      }
      return { kind: 'in', operand, candidates };
    }
    throw stream.syntaxError();
  }

  private parseOperand(): Operand {
    const { stream } = this;
    const token = stream.peek();
    if (this.isFunctionCall()) {
      stream.next();
      if (token.text === 'size') {
        const args = this.parseArguments('size');
        return { kind: 'size', path: this.requirePath('size', args) };
      }
      if (BOOLEAN_FUNCTIONS.includes(token.text as BooleanFunction)) {
        throw stream.error(
          `The function is not allowed to be used this way in an expression; function: ${token.text}`,
        );
      }
      throw stream.error(`Invalid function name; function: ${token.text}`);
    }
    if (token.kind === 'valueRef') {
      stream.next();
      return { kind: 'value', value: this.placeholders.value(token.text, stream) };
    }
    if (startsPath(stream)) return { kind: 'path', path: parsePath(stream, this.placeholders) };
    throw stream.syntaxError(token);
  }

  private isFunctionCall(): boolean {
    const next = this.stream.peek(1);
    return this.stream.peek().kind === 'name' && next.kind === 'punct' && next.text === '(';
  }

  private parseArguments(name: string): Operand[] {
    const { stream } = this;
    stream.expect('(');
    const args = [this.parseOperand()];
    while (stream.accept(',')) args.push(this.parseOperand());
    stream.expect(')');
    const arity = ARITY[name as keyof typeof ARITY];
    if (args.length !== arity) {
      throw stream.error(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    }
    return args;
  }

  private requirePath(name: string, args: readonly Operand[]): DocumentPath {
    const first = args[0];
    if (first?.kind !== 'path') {
      throw this.stream.error(
        `Operator or function requires a document path; operator or function: ${name}`,
      );
    }
    return first.path;
  }

  private checkFunction(name: BooleanFunction, args: readonly Operand[]): void {
    if (
      name === 'attribute_exists' ||
      name === 'attribute_not_exists' ||
      name === 'attribute_type'
    ) {
      this.requirePath(name, args);
    }
    const second = args[1];
    if (name === 'attribute_type' && second?.kind === 'value') {
      const typeName = 'S' in second.value ? second.value.S : undefined;
      if (typeName === undefined || !ATTRIBUTE_TYPES.includes(typeName as never)) {
        throw this.stream.error(
          `Invalid attribute type name found; type: ${typeName ?? TYPE_WORDS[typeOf(second.value)]}, valid types: { B; NULL; SS; BOOL; L; BS; N; NS; S; M }`,
        );
      }
    }
    if (name === 'begins_with') {
      for (const arg of args) {
        if (arg.kind === 'value' && !('S' in arg.value) && !('B' in arg.value)) {
          throw this.operandTypeError(name, arg);
        }
      }
    }
  }

  /** A constant that can never be ordered is a client error, not a false condition. */
  private checkOrderable(operator: string, operands: readonly Operand[]): void {
    if (operator === '=' || operator === '<>') return;
    for (const operand of operands) {
      if (operand.kind === 'value' && !ORDERABLE.has(typeOf(operand.value))) {
        throw this.operandTypeError(operator, operand);
      }
    }
  }

  private checkBounds(low: Operand, high: Operand): void {
    if (low.kind !== 'value' || high.kind !== 'value') return;
    const order = compareScalars(low.value, high.value);
    if (order !== undefined && order > 0) {
      throw this.stream.error(
        `The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower operand: AttributeValue: ${describeValue(low.value)}, upper operand: AttributeValue: ${describeValue(high.value)}`,
      );
    }
  }

  private operandTypeError(operator: string, operand: Operand & { kind: 'value' }): Error {
    return this.stream.error(
      `Incorrect operand type for operator or function; operator or function: ${operator}, operand type: ${TYPE_WORDS[typeOf(operand.value)]}`,
    );
  }
}

function describeValue(value: object): string {
  const [type, content] = Object.entries(value)[0] ?? ['', ''];
  return `{${type}:${String(content)}}`;
}

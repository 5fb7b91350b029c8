/**
 * UpdateExpression grammar: up to one each of
 *   SET path = value[, …]     value: operand [(+|-) operand]; operand: path | :v |
 *                             if_not_exists(path, value) | list_append(value, value)
 *   REMOVE path[, …]
 *   ADD path :v[, …]          numbers and sets
 *   DELETE path :v[, …]       sets
 * in any order. No two target paths may overlap.
 */
import { TYPE_WORDS, typeOf } from '../attribute-values';
import { describePath, type DocumentPath, type UpdateExpression, type UpdateValue } from './ast';
import { parsePath } from './paths';
import type { Placeholders } from './placeholders';
import { TokenStream, tokenize } from './tokenizer';
import type { AttributeValue } from '../item';

type Section = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';
const SECTIONS: readonly Section[] = ['SET', 'REMOVE', 'ADD', 'DELETE'];
const CONDITION_FUNCTIONS = [
  'attribute_exists',
  'attribute_not_exists',
  'attribute_type',
  'begins_with',
  'contains',
  'size',
];

export function parseUpdate(source: string, placeholders: Placeholders): UpdateExpression {
  const stream = new TokenStream(source, tokenize(source, 'UpdateExpression'), 'UpdateExpression');
  const parser = new UpdateParser(stream, placeholders);
  const result: {
    SET: UpdateExpression['set'][number][];
    REMOVE: DocumentPath[];
    ADD: UpdateExpression['add'][number][];
    DELETE: UpdateExpression['delete'][number][];
  } = { SET: [], REMOVE: [], ADD: [], DELETE: [] };
  const seen = new Set<Section>();
  do {
    const section = SECTIONS.find((candidate) => stream.isKeyword(candidate));
    if (!section) throw stream.syntaxError();
    stream.next();
    if (seen.has(section)) {
      throw stream.error(`The "${section}" section can only be used once in an update expression;`);
    }
    seen.add(section);
    do {
      if (section === 'SET') result.SET.push(parser.parseSetAction());
      else if (section === 'REMOVE') result.REMOVE.push(parsePath(stream, placeholders));
      else result[section].push(parser.parseSetOperation(section));
    } while (stream.accept(','));
  } while (stream.peek().kind !== 'eof');
  const expression: UpdateExpression = {
    set: result.SET,
    remove: result.REMOVE,
    add: result.ADD,
    delete: result.DELETE,
  };
  checkOverlaps(stream, targetPaths(expression));
  return expression;
}

/** Every path the expression writes, in the order DynamoDB reports overlaps. */
export function targetPaths(expression: UpdateExpression): DocumentPath[] {
  return [
    ...expression.set.map((action) => action.path),
    ...expression.remove,
    ...expression.add.map((action) => action.path),
    ...expression.delete.map((action) => action.path),
  ];
}

class UpdateParser {
  constructor(
    private readonly stream: TokenStream,
    private readonly placeholders: Placeholders,
  ) {}

  parseSetAction(): { path: DocumentPath; value: UpdateValue } {
    const path = parsePath(this.stream, this.placeholders);
    this.stream.expect('=');
    return { path, value: this.parseValue() };
  }

  parseSetOperation(section: 'ADD' | 'DELETE'): { path: DocumentPath; value: AttributeValue } {
    const path = parsePath(this.stream, this.placeholders);
    const token = this.stream.peek();
    if (token.kind !== 'valueRef') throw this.stream.syntaxError(token);
    this.stream.next();
    const value = this.placeholders.value(token.text, this.stream);
    const type = typeOf(value);
    const allowed = section === 'ADD' ? ['N', 'SS', 'NS', 'BS'] : ['SS', 'NS', 'BS'];
    if (!allowed.includes(type)) {
      throw this.stream.error(
        `Incorrect operand type for operator or function; operator: ${section}, operand type: ${TYPE_WORDS[type]}`,
      );
    }
    return { path, value };
  }

  private parseValue(): UpdateValue {
    const left = this.parseOperand();
    for (const [symbol, kind] of [
      ['+', 'plus'],
      ['-', 'minus'],
    ] as const) {
      if (this.stream.accept(symbol)) {
        const right = this.parseOperand();
        for (const operand of [left, right]) {
          if (operand.kind === 'value' && !('N' in operand.value)) {
            throw this.stream.error(
              `Incorrect operand type for operator or function; operator or function: ${symbol}, operand type: ${TYPE_WORDS[typeOf(operand.value)]}`,
            );
          }
        }
        return { kind, left, right };
      }
    }
    return left;
  }

  private parseOperand(): UpdateValue {
    const { stream } = this;
    const token = stream.peek();
    const next = stream.peek(1);
    if (token.kind === 'name' && next.kind === 'punct' && next.text === '(') {
      stream.next();
      stream.next();
      const args = [this.parseValue()];
      while (stream.accept(',')) args.push(this.parseValue());
      stream.expect(')');
      return this.call(token.text, args);
    }
    if (token.kind === 'valueRef') {
      stream.next();
      return { kind: 'value', value: this.placeholders.value(token.text, stream) };
    }
    return { kind: 'path', path: parsePath(stream, this.placeholders) };
  }

  private call(name: string, args: UpdateValue[]): UpdateValue {
    if (name !== 'if_not_exists' && name !== 'list_append') {
      throw this.stream.error(
        CONDITION_FUNCTIONS.includes(name)
          ? `The function is not allowed in an update expression; function: ${name}`
          : `Invalid function name; function: ${name}`,
      );
    }
    if (args.length !== 2) {
      throw this.stream.error(
        `Incorrect number of operands for operator or function; operator or function: ${name}, number of operands: ${args.length}`,
      );
    }
    const [first, second] = args as [UpdateValue, UpdateValue];
    if (name === 'list_append') return { kind: 'list_append', left: first, right: second };
    if (first.kind !== 'path') {
      throw this.stream.error(
        'Operator or function requires a document path; operator or function: if_not_exists',
      );
    }
    return { kind: 'if_not_exists', path: first.path, fallback: second };
  }
}

function checkOverlaps(stream: TokenStream, paths: readonly DocumentPath[]): void {
  paths.forEach((first, i) => {
    for (const second of paths.slice(i + 1)) {
      const shared = Math.min(first.length, second.length);
      const differsAt = first.slice(0, shared).findIndex((element, at) => element !== second[at]);
      const pair = `path one: ${describePath(first)}, path two: ${describePath(second)}`;
      if (differsAt === -1) {
        throw stream.error(
          `Two document paths overlap with each other; must remove or rewrite one of these paths; ${pair}`,
        );
      }
      if (typeof first[differsAt] !== typeof second[differsAt]) {
        throw stream.error(
          `Two document paths conflict with each other; must remove or rewrite one of these paths; ${pair}`,
        );
      }
    }
  });
}

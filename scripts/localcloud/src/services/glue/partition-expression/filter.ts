/**
 * Binds a parsed predicate to a table's partition keys: every column must be a partition key
 * and every literal must be a value of that key's type, checked once before any partition is
 * read (so a bad expression fails even on an empty table). The result tests one partition's
 * values, given in partition-key order.
 */
import { PartitionExpressionError } from './errors';
import { categoryOf, compareTyped, toTyped, type KeyCategory, type TypedValue } from './key-types';
import { parsePartitionExpression, type Literal, type PartitionPredicate } from './parser';

export interface PartitionKey {
  readonly Name: string;
  readonly Type: string;
}

export type PartitionFilter = (values: readonly string[]) => boolean;

interface BoundColumn {
  readonly index: number;
  readonly name: string;
  readonly category: KeyCategory;
}

const CATEGORY_LABEL: Readonly<Record<KeyCategory, string>> = {
  string: 'String',
  integral: 'Integral',
  decimal: 'Decimal',
  date: 'Date',
  timestamp: 'Timestamp',
};

export function partitionFilter(
  expression: string,
  keys: readonly PartitionKey[],
): PartitionFilter {
  return bind(parsePartitionExpression(expression), keys);
}

export function bind(
  predicate: PartitionPredicate,
  keys: readonly PartitionKey[],
): PartitionFilter {
  const column = (name: string): BoundColumn => {
    const index = keys.findIndex((key) => key.Name.toLowerCase() === name.toLowerCase());
    const key = keys[index];
    if (!key) throw new PartitionExpressionError(`Unknown column '${name}'`);
    return { index, name: key.Name, category: categoryOf(key.Type, key.Name) };
  };
  // A partition value that is not a value of its key's type matches nothing.
  const valueOf = (bound: BoundColumn, values: readonly string[]): TypedValue | undefined => {
    const text = values[bound.index];
    return text === undefined ? undefined : toTyped(bound.category, text);
  };

  switch (predicate.kind) {
    case 'and':
    case 'or': {
      const left = bind(predicate.left, keys);
      const right = bind(predicate.right, keys);
      return predicate.kind === 'and'
        ? (values) => left(values) && right(values)
        : (values) => left(values) || right(values);
    }
    case 'not': {
      const operand = bind(predicate.operand, keys);
      return (values) => !operand(values);
    }
    case 'isNull': {
      column(predicate.column);
      // Partition values are strings and never null.
      return () => predicate.negated;
    }
    case 'compare': {
      const bound = column(predicate.column);
      const literal = literalValue(bound, predicate.value);
      const holds = comparisonHolds(predicate.operator);
      return (values) => {
        const value = valueOf(bound, values);
        return value !== undefined && holds(compareTyped(value, literal));
      };
    }
    case 'between': {
      const bound = column(predicate.column);
      const low = literalValue(bound, predicate.low);
      const high = literalValue(bound, predicate.high);
      return (values) => {
        const value = valueOf(bound, values);
        if (value === undefined) return false;
        const inside = compareTyped(value, low) >= 0 && compareTyped(value, high) <= 0;
        return inside !== predicate.negated;
      };
    }
    case 'in': {
      const bound = column(predicate.column);
      const candidates = predicate.values.map((literal) => literalValue(bound, literal));
      return (values) => {
        const value = valueOf(bound, values);
        if (value === undefined) return false;
        const found = candidates.some((candidate) => compareTyped(value, candidate) === 0);
        return found !== predicate.negated;
      };
    }
    case 'like': {
      const bound = column(predicate.column);
      if (bound.category !== 'string')
        throw new PartitionExpressionError(
          `${CATEGORY_LABEL[bound.category]} data type doesn't support operation 'LIKE'`,
        );
      const pattern = likePattern(predicate.pattern.text);
      return (values) => {
        const value = values[bound.index];
        return value !== undefined && pattern.test(value) !== predicate.negated;
      };
    }
  }
}

function literalValue(bound: BoundColumn, literal: Literal): TypedValue {
  const typed =
    bound.category === 'date' || bound.category === 'timestamp'
      ? literal.type === 'string'
        ? toTyped(bound.category, literal.text)
        : undefined
      : toTyped(bound.category, literal.text);
  if (typed === undefined)
    throw new PartitionExpressionError(
      `'${literal.text}' is not a valid ${CATEGORY_LABEL[bound.category].toLowerCase()} value for partition key '${bound.name}'`,
    );
  return typed;
}

function comparisonHolds(operator: string): (order: number) => boolean {
  switch (operator) {
    case '=':
      return (order) => order === 0;
    case '<>':
      return (order) => order !== 0;
    case '<':
      return (order) => order < 0;
    case '<=':
      return (order) => order <= 0;
    case '>':
      return (order) => order > 0;
    default:
      return (order) => order >= 0;
  }
}

/** SQL LIKE: `%` any run of characters, `_` exactly one, everything else literal. */
export function likePattern(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '%') source += '[\\s\\S]*';
    else if (char === '_') source += '[\\s\\S]';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'u');
}

/**
 * Query's KeyConditionExpression, parsed with the condition grammar and then held to the
 * shapes DynamoDB accepts: `hash = :v`, optionally AND one range-key condition
 * (= < <= > >=, BETWEEN, begins_with).
 */
import { typeOf } from './attribute-values';
import { validationError } from './errors';
import type { Condition, Operand } from './expressions/ast';
import { evaluateCondition } from './expressions/condition-evaluator';
import type { TableState } from './tables';
import type { AttributeValue, Item } from './item';

export interface KeyCondition {
  readonly hashName: string;
  /** The hash key value the query names: only that partition is read. */
  readonly hashValue: AttributeValue;
  readonly matches: (item: Item) => boolean;
}

export function checkKeyCondition(table: TableState, condition: Condition): KeyCondition {
  const parts = condition.kind === 'and' ? [condition.left, condition.right] : [condition];
  const [hash, range] = table.keySchema.map((element) => element.AttributeName);
  const byAttribute = new Map<string, Condition>();
  for (const part of parts) {
    const name = keyAttributeOf(part);
    if (name === undefined) throw validationError('Query key condition not supported');
    if (name !== hash && name !== range) {
      throw validationError(`Query condition missed key schema element: ${hash!}`);
    }
    if (byAttribute.has(name)) {
      throw validationError(`KeyConditionExpressions must only contain one condition per key`);
    }
    byAttribute.set(name, part);
  }
  const hashCondition = byAttribute.get(hash!);
  if (!hashCondition) throw validationError(`Query condition missed key schema element: ${hash!}`);
  if (hashCondition.kind !== 'compare' || hashCondition.comparator !== '=') {
    throw validationError('Query key condition not supported');
  }
  for (const [name, part] of byAttribute) checkValueTypes(table, name, part);
  const value = [hashCondition.left, hashCondition.right].find((side) => side.kind === 'value');
  return {
    hashName: hash!,
    hashValue: (value as { value: AttributeValue }).value,
    matches: (item) => evaluateCondition(condition, item),
  };
}

function keyAttributeOf(part: Condition): string | undefined {
  const operands = operandsOf(part);
  if (!operands) return undefined;
  const [subject, ...rest] = operands;
  if (subject?.kind !== 'path' || subject.path.length !== 1) return undefined;
  if (rest.some((operand) => operand.kind !== 'value')) return undefined;
  return subject.path[0] as string;
}

function operandsOf(part: Condition): readonly Operand[] | undefined {
  switch (part.kind) {
    case 'compare':
      return part.comparator === '<>' ? undefined : [part.left, part.right];
    case 'between':
      return [part.operand, part.low, part.high];
    case 'function':
      return part.name === 'begins_with' ? part.args : undefined;
    default:
      return undefined;
  }
}

function checkValueTypes(table: TableState, name: string, part: Condition): void {
  const declared = table.attributeDefinitions.find((d) => d.AttributeName === name)?.AttributeType;
  for (const operand of operandsOf(part) ?? []) {
    if (operand.kind === 'value' && typeOf(operand.value) !== declared) {
      throw validationError(
        'One or more parameter values were invalid: Condition parameter type does not match schema type',
      );
    }
  }
}

/**
 * Applies a parsed UpdateExpression to an item in place. SET operands are all read from the
 * item as it was before the update (DynamoDB reads before it writes, so `SET a = :v, b = a`
 * copies the old `a`).
 */
import { setMembers } from '../attribute-values';
import { validationError } from '../errors';
import { addNumbers, formatNumber, parseNumber, subtractNumbers } from '../numbers';
import type { UpdateExpression, UpdateValue } from './ast';
import { InvalidPathForUpdate, readPath, removePath, writePath } from './document';
import type { AttributeValue, Item } from '../item';

export function applyUpdate(expression: UpdateExpression, item: Item): void {
  const before = structuredClone(item);
  const assignments = expression.set.map((action) => ({
    path: action.path,
    value: evaluate(action.value, before),
  }));
  guardPaths(() => {
    for (const { path, value } of assignments) writePath(item, path, value);
    for (const path of expression.remove) removePath(item, path);
    for (const { path, value } of expression.add) {
      const current = readPath(item, path);
      writePath(item, path, current === undefined ? structuredClone(value) : add(current, value));
    }
    for (const { path, value } of expression.delete) {
      const current = readPath(item, path);
      if (current === undefined) continue;
      const remaining = subtractSet(current, value);
      if (remaining) writePath(item, path, remaining);
      else removePath(item, path);
    }
  });
}

function guardPaths(write: () => void): void {
  try {
    write();
  } catch (error) {
    if (error instanceof InvalidPathForUpdate) {
      throw validationError(
        'The document path provided in the update expression is invalid for update',
      );
    }
    throw error;
  }
}

function evaluate(value: UpdateValue, item: Item): AttributeValue {
  switch (value.kind) {
    case 'value':
      return structuredClone(value.value);
    case 'path': {
      const found = readPath(item, value.path);
      if (found === undefined) {
        throw validationError(
          'The provided expression refers to an attribute that does not exist in the item',
        );
      }
      return structuredClone(found);
    }
    case 'if_not_exists':
      return structuredClone(readPath(item, value.path) ?? evaluate(value.fallback, item));
    case 'list_append': {
      const left = evaluate(value.left, item);
      const right = evaluate(value.right, item);
      if (!('L' in left) || !('L' in right)) throw wrongOperandType();
      return { L: [...left.L, ...right.L] };
    }
    case 'plus':
    case 'minus': {
      const left = evaluate(value.left, item);
      const right = evaluate(value.right, item);
      if (!('N' in left) || !('N' in right)) throw wrongOperandType();
      const combine = value.kind === 'plus' ? addNumbers : subtractNumbers;
      return { N: formatNumber(combine(parseNumber(left.N), parseNumber(right.N))) };
    }
  }
}

function add(current: AttributeValue, addend: AttributeValue): AttributeValue {
  if ('N' in current && 'N' in addend) {
    return { N: formatNumber(addNumbers(parseNumber(current.N), parseNumber(addend.N))) };
  }
  if ('SS' in current && 'SS' in addend) return { SS: union(current.SS, addend.SS) };
  if ('BS' in current && 'BS' in addend) return { BS: union(current.BS, addend.BS) };
  if ('NS' in current && 'NS' in addend) {
    return { NS: union(setMembers(current), setMembers(addend)) };
  }
  throw wrongOperandType();
}

/** The set without the given members; undefined when nothing is left. */
function subtractSet(current: AttributeValue, removed: AttributeValue): AttributeValue | undefined {
  const sameType =
    ('SS' in current && 'SS' in removed) ||
    ('NS' in current && 'NS' in removed) ||
    ('BS' in current && 'BS' in removed);
  if (!sameType) throw wrongOperandType();
  const gone = new Set(setMembers(removed));
  const left = setMembers(current).filter((member) => !gone.has(member));
  if (left.length === 0) return undefined;
  if ('SS' in current) return { SS: left };
  if ('NS' in current) return { NS: left };
  return { BS: left };
}

function union(left: readonly string[], right: readonly string[]): string[] {
  return [...new Set([...left, ...right])];
}

function wrongOperandType(): Error {
  return validationError('An operand in the update expression has an incorrect data type');
}

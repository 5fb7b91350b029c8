/**
 * Evaluates a parsed condition against an item (undefined when there is no item). A path
 * that does not resolve makes every comparison false except `<>`, which is then true: this is
 * DynamoDB's documented three-valued shortcut, and idempotency stores rely on it.
 */
import { compareScalars, setMembers, typeOf, valuesEqual } from '../attribute-values';
import { canonicalNumber } from '../numbers';
import type { Condition, Operand } from './ast';
import { readPath } from './document';
import type { AttributeValue, Item } from '../item';

export function evaluateCondition(condition: Condition, item: Item | undefined): boolean {
  switch (condition.kind) {
    case 'and':
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case 'or':
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case 'not':
      return !evaluateCondition(condition.condition, item);
    case 'compare':
      return compare(
        condition.comparator,
        resolve(condition.left, item),
        resolve(condition.right, item),
      );
    case 'between': {
      const value = resolve(condition.operand, item);
      const low = resolve(condition.low, item);
      const high = resolve(condition.high, item);
      if (!value || !low || !high) return false;
      const fromLow = compareScalars(value, low);
      const toHigh = compareScalars(value, high);
      return fromLow !== undefined && toHigh !== undefined && fromLow >= 0 && toHigh <= 0;
    }
    case 'in': {
      const value = resolve(condition.operand, item);
      return (
        value !== undefined &&
        condition.candidates.some((candidate) => {
          const resolved = resolve(candidate, item);
          return resolved !== undefined && valuesEqual(value, resolved);
        })
      );
    }
    case 'function':
      return callFunction(condition, item);
  }
}

function compare(
  comparator: string,
  left: AttributeValue | undefined,
  right: AttributeValue | undefined,
): boolean {
  if (comparator === '<>') return !left || !right || !valuesEqual(left, right);
  if (!left || !right) return false;
  if (comparator === '=') return valuesEqual(left, right);
  const order = compareScalars(left, right);
  if (order === undefined) return false;
  switch (comparator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

function callFunction(
  condition: Condition & { kind: 'function' },
  item: Item | undefined,
): boolean {
  const [first, second] = condition.args.map((arg) => resolve(arg, item));
  switch (condition.name) {
    case 'attribute_exists':
      return first !== undefined;
    case 'attribute_not_exists':
      return first === undefined;
    case 'attribute_type':
      return (
        first !== undefined && second !== undefined && 'S' in second && typeOf(first) === second.S
      );
    case 'begins_with':
      if (!first || !second) return false;
      if ('S' in first && 'S' in second) return first.S.startsWith(second.S);
      if ('B' in first && 'B' in second) {
        const prefix = Buffer.from(second.B, 'base64');
        return Buffer.from(first.B, 'base64').subarray(0, prefix.length).equals(prefix);
      }
      return false;
    case 'contains':
      return first !== undefined && second !== undefined && contains(first, second);
  }
}

function contains(container: AttributeValue, element: AttributeValue): boolean {
  if ('S' in container) return 'S' in element && container.S.includes(element.S);
  if ('B' in container) {
    return (
      'B' in element &&
      Buffer.from(container.B, 'base64').includes(Buffer.from(element.B, 'base64'))
    );
  }
  if ('L' in container) return container.L.some((member) => valuesEqual(member, element));
  if ('SS' in container) return 'S' in element && container.SS.includes(element.S);
  if ('BS' in container) return 'B' in element && container.BS.includes(element.B);
  if ('NS' in container) {
    return 'N' in element && setMembers(container).includes(canonicalNumber(element.N));
  }
  return false;
}

export function resolve(operand: Operand, item: Item | undefined): AttributeValue | undefined {
  switch (operand.kind) {
    case 'value':
      return operand.value;
    case 'path':
      return readPath(item, operand.path);
    case 'size': {
      const value = readPath(item, operand.path);
      const size = value === undefined ? undefined : sizeOf(value);
      return size === undefined ? undefined : { N: String(size) };
    }
  }
}

/** size(): characters of a string, bytes of a binary, members of a collection. */
function sizeOf(value: AttributeValue): number | undefined {
  if ('S' in value) return [...value.S].length;
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('L' in value) return value.L.length;
  if ('M' in value) return Object.keys(value.M).length;
  if ('SS' in value || 'NS' in value || 'BS' in value) return setMembers(value).length;
  return undefined;
}

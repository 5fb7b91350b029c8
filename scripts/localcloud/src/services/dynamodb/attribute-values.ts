/**
 * DynamoDB's AttributeValue as it travels in JSON: exactly one type descriptor per value.
 * Binary stays base64 in memory so items snapshot to JSON unchanged.
 */
import { AwsError } from '../../core/aws-error';
import { validationError } from './errors';
import { canonicalNumber, compareNumbers, parseNumber } from './numbers';
import type { AttributeValue, Item } from './item';

export type AttributeType = 'S' | 'N' | 'B' | 'BOOL' | 'NULL' | 'M' | 'L' | 'SS' | 'NS' | 'BS';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = [
  'S',
  'N',
  'B',
  'BOOL',
  'NULL',
  'M',
  'L',
  'SS',
  'NS',
  'BS',
];

/** The word DynamoDB uses for a type in "operand type: …" messages. */
export const TYPE_WORDS: Readonly<Record<AttributeType, string>> = {
  S: 'STRING',
  N: 'NUMBER',
  B: 'BINARY',
  BOOL: 'BOOLEAN',
  NULL: 'NULL',
  M: 'MAP',
  L: 'LIST',
  SS: 'SET',
  NS: 'SET',
  BS: 'SET',
};

export function typeOf(value: AttributeValue): AttributeType {
  return Object.keys(value)[0] as AttributeType;
}

/**
 * Checks a value from a request and returns it in canonical form (numbers normalized, the
 * way DynamoDB stores them). Throws ValidationException with DynamoDB's wording.
 */
export function validateAttributeValue(raw: unknown): AttributeValue {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw validationError(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  const present = Object.entries(raw as Record<string, unknown>).filter(
    ([, value]) => value !== undefined && value !== null,
  );
  if (present.length === 0) {
    throw validationError(
      'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
    );
  }
  if (present.length > 1) {
    throw validationError(
      'Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes',
    );
  }
  const [type, value] = present[0]!;
  switch (type) {
    case 'S':
      return { S: expectString(value) };
    case 'N':
      return { N: canonicalNumber(expectString(value)) };
    case 'B':
      return { B: expectString(value) };
    case 'BOOL':
      if (typeof value !== 'boolean') throw serialization('Boolean');
      return { BOOL: value };
    case 'NULL':
      if (value !== true) {
        throw validationError(
          'One or more parameter values were invalid: Null attribute value types must have the value of true',
        );
      }
      return { NULL: true };
    case 'M':
      return { M: validateItem(value) };
    case 'L':
      if (!Array.isArray(value)) throw serialization('List');
      return { L: value.map(validateAttributeValue) };
    case 'SS':
      return { SS: validateSet(value, 'SS') };
    case 'NS':
      return { NS: validateSet(value, 'NS').map(canonicalNumber) };
    case 'BS':
      return { BS: validateSet(value, 'BS') };
    default:
      throw validationError(
        'Supplied AttributeValue is empty, must contain exactly one of the supported datatypes',
      );
  }
}

export function validateItem(raw: unknown): Item {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw serialization('Map');
  const item: Item = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    item[name] = validateAttributeValue(value);
  }
  return item;
}

function validateSet(raw: unknown, type: 'SS' | 'NS' | 'BS'): string[] {
  if (!Array.isArray(raw)) throw serialization('List');
  const members = raw.map(expectString);
  if (members.length === 0) {
    throw validationError(
      type === 'BS'
        ? 'One or more parameter values were invalid: Binary sets should not be empty'
        : `One or more parameter values were invalid: An ${type === 'SS' ? 'string' : 'number'} set  may not be empty`,
    );
  }
  const seen = new Set(type === 'NS' ? members.map(canonicalNumber) : members);
  if (seen.size !== members.length) {
    throw validationError(
      type === 'NS'
        ? 'Input collection contains duplicates'
        : type === 'SS'
          ? `One or more parameter values were invalid: Input collection [${members.join(', ')}] contains duplicates.`
          : `One or more parameter values were invalid: Input collection [${members.join(', ')}]of type BS contains duplicates.`,
    );
  }
  return members;
}

function expectString(value: unknown): string {
  if (typeof value !== 'string') throw serialization('String');
  return value;
}

/** A JSON type the AttributeValue shape does not allow: the SDK never sends one. */
function serialization(expected: string): AwsError {
  return new AwsError('SerializationException', `Expected ${expected} in an AttributeValue`, 400);
}

/** Deep equality as DynamoDB defines it: sets ignore order, numbers compare by value. */
export function valuesEqual(left: AttributeValue, right: AttributeValue): boolean {
  const type = typeOf(left);
  if (type !== typeOf(right)) return false;
  const a = left as Record<string, unknown>;
  const b = right as Record<string, unknown>;
  switch (type) {
    case 'N':
      return compareNumbers(parseNumber(a.N as string), parseNumber(b.N as string)) === 0;
    case 'SS':
    case 'BS':
    case 'NS': {
      const x = setMembers(left);
      const y = setMembers(right);
      return x.length === y.length && x.every((member) => y.includes(member));
    }
    case 'L': {
      const x = a.L as AttributeValue[];
      const y = b.L as AttributeValue[];
      return x.length === y.length && x.every((value, index) => valuesEqual(value, y[index]!));
    }
    case 'M': {
      const x = a.M as Item;
      const y = b.M as Item;
      const keys = Object.keys(x);
      return (
        keys.length === Object.keys(y).length &&
        keys.every((key) => y[key] !== undefined && valuesEqual(x[key]!, y[key]))
      );
    }
    default:
      return a[type] === b[type];
  }
}

/** Set members in a comparable spelling (numbers canonical). */
export function setMembers(value: AttributeValue): string[] {
  if ('NS' in value) return value.NS.map(canonicalNumber);
  if ('SS' in value) return value.SS;
  if ('BS' in value) return value.BS;
  return [];
}

/**
 * Orders two scalars of the same type as DynamoDB does (numbers by value, strings and
 * binaries bytewise); undefined when the types differ or are not orderable.
 */
export function compareScalars(left: AttributeValue, right: AttributeValue): number | undefined {
  if ('N' in left && 'N' in right) return compareNumbers(parseNumber(left.N), parseNumber(right.N));
  if ('S' in left && 'S' in right) {
    return Buffer.compare(Buffer.from(left.S, 'utf8'), Buffer.from(right.S, 'utf8'));
  }
  if ('B' in left && 'B' in right) {
    return Buffer.compare(Buffer.from(left.B, 'base64'), Buffer.from(right.B, 'base64'));
  }
  return undefined;
}

/** Approximate stored size per the DynamoDB developer guide's item-size rules. */
export function itemSize(item: Item): number {
  return Object.entries(item).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name, 'utf8') + valueSize(value),
    0,
  );
}

function valueSize(value: AttributeValue): number {
  if ('S' in value) return Buffer.byteLength(value.S, 'utf8');
  if ('N' in value) return numberSize(value.N);
  if ('B' in value) return Buffer.from(value.B, 'base64').length;
  if ('BOOL' in value || 'NULL' in value) return 1;
  if ('SS' in value) return value.SS.reduce((sum, s) => sum + Buffer.byteLength(s, 'utf8'), 0);
  if ('NS' in value) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if ('BS' in value) return value.BS.reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
  if ('L' in value) return value.L.reduce((sum, child) => sum + 1 + valueSize(child), 3);
  return Object.entries(value.M).reduce(
    (sum, [name, child]) => sum + 1 + Buffer.byteLength(name, 'utf8') + valueSize(child),
    3,
  );
}

function numberSize(text: string): number {
  const significant = text.replace(/[-.]/g, '').replace(/^0+/, '').replace(/0+$/, '');
  return Math.ceil(significant.length / 2) + 1;
}

export function cloneItem<T>(value: T): T {
  return structuredClone(value);
}

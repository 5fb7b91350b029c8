/**
 * Parses and validates an event pattern the way EventBridge does when a rule is put or a pattern
 * tested, so invalid patterns are refused up front instead of silently never matching.
 */
import { InvalidPatternError, type EventPattern } from './pattern-types';

const STRING_OPERATORS = new Set(['prefix', 'suffix', 'equals-ignore-case', 'wildcard']);
const NUMERIC_OPERATORS = new Set(['=', '<', '<=', '>', '>=']);

export function parseEventPattern(text: string): EventPattern {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidPatternError('Filter is not valid JSON');
  }
  if (!isPlainObject(parsed)) throw new InvalidPatternError('Filter is not an object');
  validateObject(parsed, []);
  return parsed as EventPattern;
}

function validateObject(pattern: Record<string, unknown>, path: readonly string[]): void {
  if (Object.keys(pattern).length === 0 && path.length > 0)
    throw new InvalidPatternError(`Empty objects are not allowed at "${path.join('.')}"`);
  for (const [key, value] of Object.entries(pattern)) {
    if (key === '$or') {
      validateOr(value, path);
      continue;
    }
    if (Array.isArray(value)) validateConditions(key, value);
    else if (isPlainObject(value)) validateObject(value, [...path, key]);
    else throw new InvalidPatternError(`"${key}" must be an object or an array`);
  }
}

function validateOr(value: unknown, path: readonly string[]): void {
  if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject))
    throw new InvalidPatternError('"$or" must be an array of at least two objects');
  for (const alternative of value) validateObject(alternative, path);
}

function validateConditions(key: string, conditions: readonly unknown[]): void {
  if (conditions.length === 0)
    throw new InvalidPatternError(`Empty arrays are not allowed at "${key}"`);
  for (const condition of conditions) {
    if (condition === null || ['string', 'number', 'boolean'].includes(typeof condition)) continue;
    if (Array.isArray(condition))
      throw new InvalidPatternError(`Arrays are not allowed inside "${key}"`);
    validateOperator(condition as Record<string, unknown>);
  }
}

function validateOperator(condition: Record<string, unknown>): void {
  const keys = Object.keys(condition);
  if (keys.length !== 1) throw new InvalidPatternError('Only one key allowed in match expression');
  const operator = keys[0]!;
  const operand = condition[operator];
  switch (operator) {
    case 'prefix':
    case 'suffix':
      if (typeof operand === 'string') return;
      if (isPlainObject(operand) && isSingle(operand, 'equals-ignore-case', 'string')) return;
      throw new InvalidPatternError(`${operator} match pattern must be a string`);
    case 'equals-ignore-case':
      if (typeof operand !== 'string')
        throw new InvalidPatternError('equals-ignore-case match pattern must be a string');
      return;
    case 'wildcard':
      if (typeof operand !== 'string')
        throw new InvalidPatternError('wildcard match pattern must be a string');
      validateWildcard(operand);
      return;
    case 'exists':
      if (typeof operand !== 'boolean')
        throw new InvalidPatternError('exists match pattern must be either true or false.');
      return;
    case 'numeric':
      validateNumeric(operand);
      return;
    case 'anything-but':
      validateAnythingBut(operand);
      return;
    default:
      throw new InvalidPatternError(`Unrecognized match type ${operator}`);
  }
}

function validateWildcard(text: string): void {
  const index = text.indexOf('**');
  if (index !== -1)
    throw new InvalidPatternError(`Consecutive wildcard characters at pos ${index + 1}`);
}

function validateNumeric(operand: unknown): void {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0)
    throw new InvalidPatternError('Value of numeric must be an array of operator and number pairs');
  const operators: string[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const operator: unknown = operand[index];
    const value: unknown = operand[index + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator))
      throw new InvalidPatternError(
        `Unrecognized numeric range operator: ${JSON.stringify(operator)}`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new InvalidPatternError(`Value of ${operator} must be numeric`);
    operators.push(operator);
  }
  if (operators.length > 2 || (operators.length === 2 && !isRange(operators[0]!, operators[1]!)))
    throw new InvalidPatternError(
      'Bad numeric range: a range needs one lower bound (>, >=) then one upper bound (<, <=)',
    );
  if (operators.length === 2 && (operand[1] as number) >= (operand[3] as number))
    throw new InvalidPatternError('Bottom must be less than top');
}

function isRange(lower: string, upper: string): boolean {
  return (lower === '>' || lower === '>=') && (upper === '<' || upper === '<=');
}

function validateAnythingBut(operand: unknown): void {
  if (typeof operand === 'string' || typeof operand === 'number') return;
  if (Array.isArray(operand)) {
    const allStrings = operand.every((item) => typeof item === 'string');
    const allNumbers = operand.every((item) => typeof item === 'number');
    if (operand.length === 0 || (!allStrings && !allNumbers))
      throw new InvalidPatternError(
        'Inside anything but list, all values must be strings or all numbers',
      );
    return;
  }
  if (isPlainObject(operand)) {
    const keys = Object.keys(operand);
    const operator = keys[0];
    if (keys.length !== 1 || operator === undefined || !STRING_OPERATORS.has(operator))
      throw new InvalidPatternError(
        'Unsupported anything-but pattern: only prefix, suffix, equals-ignore-case and wildcard may be nested',
      );
    const nested: unknown = operand[operator];
    const values = Array.isArray(nested) ? nested : [nested];
    const listAllowed = operator === 'equals-ignore-case' || operator === 'wildcard';
    if (
      (Array.isArray(nested) && !listAllowed) ||
      values.length === 0 ||
      !values.every((v) => typeof v === 'string')
    )
      throw new InvalidPatternError(`Value of anything-but ${operator} must be a string`);
    if (operator === 'wildcard') values.forEach((value) => validateWildcard(value));
    return;
  }
  throw new InvalidPatternError(
    'Value of anything-but must be an array or single string/number value.',
  );
}

function isSingle(object: Record<string, unknown>, key: string, type: string): boolean {
  const keys = Object.keys(object);
  return keys.length === 1 && keys[0] === key && typeof object[key] === type;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

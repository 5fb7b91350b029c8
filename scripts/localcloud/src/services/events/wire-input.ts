/** Reading untyped JSON members with the constraint errors EventBridge's model defines. */
import type { WireJson } from '../../core/json-protocol';
import { constraintViolation } from './errors';

export const NAME_PATTERN = /^[.\-_A-Za-z0-9]+$/;

/** A required name-like member (rule names, target ids): 1..max of `[.\-_A-Za-z0-9]`. */
export function requiredName(input: WireJson, member: string, wireName: string, max = 64): string {
  const value: unknown = input[member];
  if (typeof value !== 'string' || value === '')
    throw constraintViolation('null', wireName, 'Member must not be null');
  if (value.length > max)
    throw constraintViolation(
      value,
      wireName,
      `Member must have length less than or equal to ${max}`,
    );
  if (!NAME_PATTERN.test(value))
    throw constraintViolation(
      value,
      wireName,
      'Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+',
    );
  return value;
}

export function optionalString(
  input: WireJson,
  member: string,
  wireName: string,
  max: number,
): string | undefined {
  const value: unknown = input[member];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw constraintViolation(JSON.stringify(value), wireName, 'Member must be a string');
  if (value.length > max)
    throw constraintViolation(
      value,
      wireName,
      `Member must have length less than or equal to ${max}`,
    );
  return value;
}

export function optionalLimit(input: WireJson, max = 100): number | undefined {
  const value: unknown = input.Limit;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max)
    throw constraintViolation(
      JSON.stringify(value),
      'limit',
      `Member must have value between 1 and ${max}`,
    );
  return value;
}

/** Reading untyped JSON request members, with the errors SQS gives for missing or bad ones. */
import type { WireJson } from '../../core/json-protocol';
import { invalidParameterValue, missingParameter } from './errors';

export function requiredString(input: WireJson, name: string): string {
  const value: unknown = input[name];
  if (typeof value !== 'string' || value === '') throw missingParameter(name);
  return value;
}

export function optionalString(input: WireJson, name: string): string | undefined {
  const value: unknown = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string')
    throw invalidParameterValue(`Value ${JSON.stringify(value)} for parameter ${name} is invalid.`);
  return value;
}

/** An optional integer in [min, max]; `reason` is AWS's explanation when it is out of range. */
export function optionalInteger(
  input: WireJson,
  name: string,
  min: number,
  max: number,
  reason: string,
): number | undefined {
  const value: unknown = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
    throw invalidParameterValue(
      `Value ${JSON.stringify(value)} for parameter ${name} is invalid. Reason: ${reason}`,
    );
  return value;
}

export function stringList(input: WireJson, name: string): string[] {
  const value: unknown = input[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameterValue(`${name} must be a list of strings.`);
  return value.map(String);
}

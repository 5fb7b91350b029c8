/**
 * DynamoDB's model-level checks (`1 validation error detected: Value '…' at '…' failed to
 * satisfy constraint: …`), collected so that several violations are reported together.
 */
import { validationError } from './errors';

export class Constraints {
  private readonly violations: string[] = [];

  check(ok: boolean, value: unknown, at: string, constraint: string): this {
    if (!ok) {
      const shown = value === undefined || value === null ? 'null' : `'${describe(value)}'`;
      this.violations.push(`Value ${shown} at '${at}' failed to satisfy constraint: ${constraint}`);
    }
    return this;
  }

  notNull(value: unknown, at: string): this {
    return this.check(value !== undefined && value !== null, value, at, 'Member must not be null');
  }

  length(
    value: string | readonly unknown[] | undefined,
    at: string,
    min: number,
    max: number,
  ): this {
    if (value === undefined) return this;
    this.check(
      value.length >= min,
      value,
      at,
      `Member must have length greater than or equal to ${min}`,
    );
    return this.check(
      value.length <= max,
      value,
      at,
      `Member must have length less than or equal to ${max}`,
    );
  }

  pattern(value: string | undefined, at: string, pattern: string): this {
    if (value === undefined) return this;
    return this.check(
      new RegExp(`^${pattern}$`).test(value),
      value,
      at,
      `Member must satisfy regular expression pattern: ${pattern}`,
    );
  }

  oneOf(value: unknown, at: string, allowed: readonly string[]): this {
    if (value === undefined || value === null) return this;
    return this.check(
      allowed.includes(value as string),
      value,
      at,
      `Member must satisfy enum value set: [${allowed.join(', ')}]`,
    );
  }

  range(value: number | undefined, at: string, min: number, max?: number): this {
    if (value === undefined) return this;
    this.check(value >= min, value, at, `Member must have value greater than or equal to ${min}`);
    if (max === undefined) return this;
    return this.check(
      value <= max,
      value,
      at,
      `Member must have value less than or equal to ${max}`,
    );
  }

  throwIfAny(): void {
    const count = this.violations.length;
    if (count === 0) return;
    throw validationError(
      `${count} validation error${count > 1 ? 's' : ''} detected: ${this.violations.join('; ')}`,
    );
  }
}

export const TABLE_NAME_PATTERN = '[a-zA-Z0-9_.-]+';

/** Table names as the model constrains them (3–255 characters of [a-zA-Z0-9_.-]). */
export function checkTableName(constraints: Constraints, name: unknown): Constraints {
  if (typeof name === 'string' && name.startsWith('arn:')) return constraints;
  constraints.notNull(name, 'tableName');
  if (typeof name === 'string') {
    constraints.length(name, 'tableName', 3, 255).pattern(name, 'tableName', TABLE_NAME_PATTERN);
  }
  return constraints;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, child]) => `${key}: ${describe(child)}`)
      .join(', ')}}`;
  }
  return String(value);
}

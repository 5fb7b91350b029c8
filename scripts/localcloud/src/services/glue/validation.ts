/**
 * Glue checks requests against its model before any operation runs and reports every broken
 * constraint at once as a ValidationException ("2 validation errors detected: …; …"), naming
 * each member by its camelCase path. Reading a field through a validator records that check.
 */
import { AwsError } from '../../core/aws-error';
import type { WireJson } from '../../core/json-protocol';

/** Glue's single-line string pattern: printable Unicode and tab, no other control characters. */
const SINGLE_LINE = /^[\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}\t]*$/u;

export interface StringLimits {
  readonly min?: number;
  readonly max?: number;
  readonly singleLine?: boolean;
}

/** NameString and CatalogIdString: 1–255 characters on one line. */
export const NAME: StringLimits = { min: 1, max: 255, singleLine: true };

export class RequestValidator {
  private readonly problems: string[] = [];

  constructor(private readonly input: WireJson) {}

  requiredString(
    member: string,
    limits: StringLimits,
    value: unknown = this.input[member],
  ): string {
    const path = pathOf(member);
    if (value === undefined || value === null) {
      this.problems.push(
        `Value null at '${path}' failed to satisfy constraint: Member must not be null`,
      );
      return '';
    }
    return this.checkString(path, value, limits);
  }

  optionalString(
    member: string,
    limits: StringLimits,
    value: unknown = this.input[member],
  ): string | undefined {
    if (value === undefined || value === null) return undefined;
    return this.checkString(pathOf(member), value, limits);
  }

  /** A list member; `max` is the model's length limit. */
  requiredList(member: string, max: number, value: unknown = this.input[member]): WireJson[] {
    const path = pathOf(member);
    if (value === undefined || value === null) {
      this.problems.push(
        `Value null at '${path}' failed to satisfy constraint: Member must not be null`,
      );
      return [];
    }
    if (!Array.isArray(value)) throw serialization(path);
    if (value.length > max)
      this.problems.push(
        `Value '${describeList(value)}' at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
      );
    return value as WireJson[];
  }

  optionalInteger(member: string, min: number, max: number): number | undefined {
    const value: unknown = this.input[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization(pathOf(member));
    const path = pathOf(member);
    if (value < min)
      this.problems.push(
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${min}`,
      );
    if (value > max)
      this.problems.push(
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${max}`,
      );
    return value;
  }

  requiredObject(member: string): WireJson {
    const value: unknown = this.input[member];
    if (value === undefined || value === null) {
      this.problems.push(
        `Value null at '${pathOf(member)}' failed to satisfy constraint: Member must not be null`,
      );
      return {};
    }
    if (typeof value !== 'object' || Array.isArray(value)) throw serialization(pathOf(member));
    return value;
  }

  /** Throws the ValidationException that lists every problem found so far. */
  done(): void {
    if (this.problems.length === 0) return;
    const count = this.problems.length;
    throw new AwsError(
      'ValidationException',
      `${count} validation error${count === 1 ? '' : 's'} detected: ${this.problems.join('; ')}`,
    );
  }

  private checkString(path: string, value: unknown, limits: StringLimits): string {
    if (typeof value !== 'string') throw serialization(path);
    const length = [...value].length;
    if (limits.min !== undefined && length < limits.min)
      this.problems.push(
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must have length greater than or equal to ${limits.min}`,
      );
    if (limits.max !== undefined && length > limits.max)
      this.problems.push(
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${limits.max}`,
      );
    if (limits.singleLine && !SINGLE_LINE.test(value))
      this.problems.push(
        `Value '${value}' at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*`,
      );
    return value;
  }
}

/** `TableInput.Name` → `tableInput.name`, as Glue names members in its messages. */
function pathOf(member: string): string {
  return member
    .split('.')
    .map((part) => part.charAt(0).toLowerCase() + part.slice(1))
    .join('.');
}

function describeList(value: unknown[]): string {
  const shown = value.slice(0, 3).map((entry) => JSON.stringify(entry));
  return `[${shown.join(', ')}${value.length > 3 ? `, … (${value.length} entries)` : ''}]`;
}

function serialization(path: string): AwsError {
  return new AwsError('SerializationException', `Unexpected value type at '${path}'`);
}

/** A copy of a wire structure without one member (the name or values a record keeps apart). */
export function withoutMember(structure: WireJson, member: string): WireJson {
  const copy = structuredClone(structure);
  delete copy[member];
  return copy;
}

/**
 * Whether a record fits its dataset's columns, as the lake reads records from JSON: timestamps
 * as ISO 8601 UTC strings, decimals as strings with the column's scale, 32-bit ints, safe
 * bigints. The event producer checks its generated records with it and the marketplace API checks
 * what it is sent, so both put on a topic exactly what the streaming jobs can read.
 */
import type { Column, SourceDataset, Topic } from './schema';

/** A value as JSON carries it. */
export type RecordValue = string | number | boolean | null;

/** What is wrong with one field of a record. */
export interface FieldProblem {
  /** The column (or unknown field) at fault. */
  readonly field: string;
  readonly problem: string;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL_TYPE = /^decimal\((\d+),(\d+)\)$/;

const decimalPatterns = new Map<string, { pattern: RegExp; scale: number } | undefined>();

/**
 * The pattern of a `decimal(p,s)` type's JSON strings, made once per type: the API checks every
 * record of every request against it, and a RegExp per value would be built on the hot path.
 */
function decimalPattern(type: string): { pattern: RegExp; scale: number } | undefined {
  if (decimalPatterns.has(type)) return decimalPatterns.get(type);
  const decimal = DECIMAL_TYPE.exec(type);
  const made = decimal
    ? (() => {
        const precision = Number(decimal[1]);
        const scale = Number(decimal[2]);
        const pattern = new RegExp(
          `^-?\\d{1,${Math.max(1, precision - scale)}}${scale > 0 ? `\\.\\d{${scale}}` : ''}$`,
        );
        return { pattern, scale };
      })()
    : undefined;
  decimalPatterns.set(type, made);
  return made;
}

/** What a value of `type` must look like in JSON, or undefined when `value` is one. */
export function typeMismatch(type: string, value: unknown): string | undefined {
  const decimal = decimalPattern(type);
  if (decimal) {
    return typeof value === 'string' && decimal.pattern.test(value)
      ? undefined
      : `a ${type} as a string with ${decimal.scale} decimals`;
  }
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'int':
      return Number.isInteger(value) && (value as number) >= INT_MIN && (value as number) <= INT_MAX
        ? undefined
        : 'a 32-bit integer';
    case 'bigint':
      return Number.isSafeInteger(value) ? undefined : 'a safe integer';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'a finite number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'date':
      return typeof value === 'string' && ISO_DATE.test(value) && isRealDate(value)
        ? undefined
        : 'a YYYY-MM-DD date';
    case 'timestamp':
      return typeof value === 'string' && ISO_TIMESTAMP.test(value) && isRealDate(value)
        ? undefined
        : 'an ISO 8601 UTC timestamp';
    default:
      return `a known column type (not ${type})`;
  }
}

function isRealDate(value: string): boolean {
  const parsed = new Date(value);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value.slice(0, 10));
}

/**
 * The columns every record of the topic must hold a value in: the dataset's record id and event
 * time (the lake deduplicates and partitions by them), the message key, and the columns the
 * definition marks `required`.
 */
export function requiredColumns(dataset: SourceDataset, topic?: Topic): Set<string> {
  const required = new Set([dataset.recordIdColumn, dataset.eventTimeColumn]);
  if (topic) required.add(topic.keyColumn);
  for (const column of dataset.columns) if (column.required === true) required.add(column.name);
  return required;
}

export interface RecordCheck {
  /** Columns that must hold a value (not null, not an empty string). */
  readonly required: ReadonlySet<string>;
  /**
   * Whether every column must appear, null or not (a generator states every column); otherwise
   * an absent column that is not required reads as null. @default false
   */
  readonly everyColumnPresent?: boolean;
}

/** Every problem of `record` as a record of `dataset`, in column order; empty when it fits. */
export function recordProblems(
  dataset: SourceDataset,
  record: Readonly<Record<string, unknown>>,
  check: RecordCheck,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byName = new Map<string, Column>(dataset.columns.map((column) => [column.name, column]));
  for (const column of dataset.columns) {
    const present = Object.hasOwn(record, column.name);
    if (!present && check.everyColumnPresent === true) {
      problems.push({ field: column.name, problem: 'missing' });
      continue;
    }
    const value = present ? record[column.name] : null;
    if (value === null || value === undefined) {
      if (check.required.has(column.name))
        problems.push({ field: column.name, problem: present ? 'must not be null' : 'required' });
      continue;
    }
    const expected = typeMismatch(column.type, value);
    if (expected) {
      problems.push({
        field: column.name,
        problem: `expected ${expected}, got ${describeValue(value)}`,
      });
    } else if (typeof value === 'string' && !value.isWellFormed()) {
      // A lone surrogate (`"\ud800"` in JSON) cannot be written as UTF-8: it would be stored as
      // U+FFFD, another value than the one sent.
      problems.push({ field: column.name, problem: 'not valid Unicode (a lone surrogate)' });
    } else if (value === '' && check.required.has(column.name)) {
      problems.push({ field: column.name, problem: 'must not be empty' });
    } else if (column.maxLength !== undefined && tooLong(value as string, column.maxLength)) {
      problems.push({
        field: column.name,
        problem: `longer than ${column.maxLength} bytes (UTF-8)`,
      });
    }
  }
  for (const name of Object.keys(record)) {
    if (!byName.has(name))
      problems.push({ field: name, problem: `not a column of ${dataset.name}` });
  }
  return problems;
}

/** Whether a string takes more than `maxBytes` in UTF-8 (counted only when it might). */
function tooLong(value: string, maxBytes: number): boolean {
  // A UTF-16 code unit is at most 3 bytes of UTF-8 (a surrogate pair, 2 units, is 4).
  return value.length * 3 > maxBytes && Buffer.byteLength(value, 'utf8') > maxBytes;
}

/**
 * A short rendering of a bad value: enough to recognise it, never a whole payload. Objects and
 * arrays are named, not printed: a deeply nested one would overflow the stack of JSON.stringify.
 */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

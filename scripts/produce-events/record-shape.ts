/**
 * Checks a record against its dataset's columns before it leaves the producer, so a generator
 * bug stops the run with the column at fault instead of putting malformed data on a topic that
 * the streaming job would then have to quarantine. Values are checked as the lake reads them
 * from JSON: timestamps as ISO 8601 UTC strings, decimals as strings with the column's scale.
 * `null` is allowed except in the record-id and event-time columns: every Glue column is
 * nullable, and some values are truly absent (the customer of an anonymous visit).
 */
import type { Column, SourceDataset } from '../../infra/platform';
import { RecordShapeError } from './errors';
import type { FieldValue, GeneratedRecord } from './generators';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DECIMAL_TYPE = /^decimal\((\d+),(\d+)\)$/;

/** Why `value` does not fit a column of `type`, or undefined when it does. */
export function typeMismatch(type: string, value: FieldValue): string | undefined {
  const decimal = DECIMAL_TYPE.exec(type);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    const pattern = new RegExp(
      `^-?\\d{1,${Math.max(1, precision - scale)}}${scale > 0 ? `\\.\\d{${scale}}` : ''}$`,
    );
    return typeof value === 'string' && pattern.test(value)
      ? undefined
      : `a ${type} as a string with ${scale} decimals`;
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

/** Every problem of `record` as a column of `dataset`; empty when the record fits exactly. */
export function recordShapeProblems(dataset: SourceDataset, record: GeneratedRecord): string[] {
  const problems: string[] = [];
  const required = new Set([dataset.recordIdColumn, dataset.eventTimeColumn]);
  const byName = new Map<string, Column>(dataset.columns.map((column) => [column.name, column]));
  for (const column of dataset.columns) {
    if (!(column.name in record)) {
      problems.push(`${column.name}: missing`);
      continue;
    }
    const value = record[column.name] ?? null;
    if (value === null) {
      if (required.has(column.name)) problems.push(`${column.name}: must not be null`);
      continue;
    }
    const expected = typeMismatch(column.type, value);
    if (expected)
      problems.push(`${column.name}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
  for (const name of Object.keys(record)) {
    if (!byName.has(name)) problems.push(`${name}: not a column of ${dataset.name}`);
  }
  return problems;
}

/** @throws RecordShapeError naming every column at fault. */
export function assertRecordShape(dataset: SourceDataset, record: GeneratedRecord): void {
  const problems = recordShapeProblems(dataset, record);
  if (problems.length > 0) throw new RecordShapeError(dataset.name, problems);
}

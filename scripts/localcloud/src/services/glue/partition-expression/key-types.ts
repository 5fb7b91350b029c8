/**
 * Partition values are stored as strings, but Glue compares them by the partition key's
 * declared type: '10' > '9' for an int key, not for a string key. Each supported type turns a
 * string into a value that sorts the way the type does.
 */
import { PartitionExpressionError } from './errors';

export type KeyCategory = 'string' | 'integral' | 'decimal' | 'date' | 'timestamp';

export type TypedValue = string | bigint | number;

const CATEGORIES: Readonly<Record<string, KeyCategory>> = {
  string: 'string',
  char: 'string',
  varchar: 'string',
  int: 'integral',
  integer: 'integral',
  bigint: 'integral',
  long: 'integral',
  tinyint: 'integral',
  smallint: 'integral',
  decimal: 'decimal',
  date: 'date',
  timestamp: 'timestamp',
};

/** `varchar(10)` and `decimal(10,2)` are their base types here; anything else is refused. */
export function categoryOf(type: string, column: string): KeyCategory {
  const base = type
    .trim()
    .toLowerCase()
    .replace(/\(.*\)$/, '')
    .trim();
  const category = CATEGORIES[base];
  if (!category)
    throw new PartitionExpressionError(
      `Partition key '${column}' has type '${type}', which partition expressions do not support`,
    );
  return category;
}

const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const TIMESTAMP =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?$/;

/** The comparable form of `text` under `category`, or undefined when it is not such a value. */
export function toTyped(category: KeyCategory, text: string): TypedValue | undefined {
  switch (category) {
    case 'string':
      return text;
    case 'integral':
      return INTEGER.test(text) ? BigInt(text) : undefined;
    case 'decimal':
      return DECIMAL.test(text) ? Number(text) : undefined;
    case 'date':
      return isCalendarDate(text) ? text : undefined;
    case 'timestamp':
      return normalizedTimestamp(text);
  }
}

export function compareTyped(left: TypedValue, right: TypedValue): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Fixed-width `yyyy-MM-dd HH:mm:ss.fffffffff`, so string order is time order. */
function normalizedTimestamp(text: string): string | undefined {
  const match = TIMESTAMP.exec(text);
  if (!match || !isCalendarDate(match[1]!)) return undefined;
  const [hours, minutes, seconds] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  return `${match[1]} ${match[2]}:${match[3]}:${match[4]}.${(match[5] ?? '').padEnd(9, '0')}`;
}

/**
 * A dataset's columns as an OpenAPI 3.0 schema (a JSON Schema subset): what the ingestion
 * function accepts, written from the same definition, so the document cannot promise another
 * shape than the API checks.
 */
import type { Column, SourceDataset } from '../../platform';

export type JsonSchema = Readonly<Record<string, unknown>>;

const INT32 = { type: 'integer', format: 'int32', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 };
const DECIMAL_TYPE = /^decimal\((\d+),(\d+)\)$/;

/** The schema of one column's non-null value, as record-values.ts checks it. */
export function columnValueSchema(type: string): JsonSchema {
  const decimal = DECIMAL_TYPE.exec(type);
  if (decimal) {
    const precision = Number(decimal[1]);
    const scale = Number(decimal[2]);
    const whole = Math.max(1, precision - scale);
    return {
      type: 'string',
      pattern: `^-?\\d{1,${whole}}${scale > 0 ? `\\.\\d{${scale}}` : ''}$`,
      example: scale > 0 ? `14.${'9'.repeat(scale)}` : '14',
    };
  }
  switch (type) {
    case 'int':
      return INT32;
    case 'bigint':
      return { type: 'integer', format: 'int64', minimum: -(2 ** 53 - 1), maximum: 2 ** 53 - 1 };
    case 'double':
      return { type: 'number', format: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'timestamp':
      return {
        type: 'string',
        format: 'date-time',
        pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$',
        description: 'UTC, ending in Z.',
      };
    default:
      return { type: 'string' };
  }
}

function columnSchema(column: Column, required: boolean): JsonSchema {
  const value = columnValueSchema(column.type);
  const limit =
    column.maxLength === undefined ? undefined : `At most ${column.maxLength} bytes in UTF-8.`;
  const description = [column.description, value.description, limit].filter(Boolean).join(' ');
  return {
    ...value,
    description,
    ...(required ? column.type === 'string' && { minLength: 1 } : { nullable: true }),
    // JSON Schema counts characters; the API counts UTF-8 bytes, as the warehouse's VARCHAR does.
    ...(column.maxLength !== undefined && { maxLength: column.maxLength }),
    ...(column.pii === true && { 'x-personal-data': true }),
  };
}

/** One record of `dataset`: every column, `required` as the API checks them, no other property. */
export function recordSchema(dataset: SourceDataset, required: ReadonlySet<string>): JsonSchema {
  const properties = Object.fromEntries(
    dataset.columns.map((column) => [column.name, columnSchema(column, required.has(column.name))]),
  );
  return {
    type: 'object',
    description: dataset.description,
    properties,
    required: dataset.columns.map((column) => column.name).filter((name) => required.has(name)),
    additionalProperties: false,
  };
}

/**
 * Query results as an aligned text table: numbers right-aligned, everything else left-aligned,
 * NULL spelled out so it cannot be mistaken for an empty string.
 */
import type { FieldValue, Row } from '../../lambdas/shared/warehouse/data-api';

function cell(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  return String(value);
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/** Right-align a column whose every non-null value is a number (or a decimal as text). */
function isNumericColumn(rows: readonly Row[], column: string): boolean {
  const values = rows.map((row) => row[column]).filter((value) => value !== null);
  return (
    values.length > 0 &&
    values.every(
      (value) =>
        typeof value === 'number' || (typeof value === 'string' && NUMERIC_TEXT.test(value)),
    )
  );
}

export function formatTable(rows: readonly Row[]): string {
  const first = rows[0];
  if (first === undefined) return '(0 rows)';
  const columns = Object.keys(first);
  const numeric = columns.map((column) => isNumericColumn(rows, column));
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => cell(row[column]).length)),
  );
  const line = (values: readonly string[], alignRight: readonly boolean[]): string =>
    values
      .map((value, index) => {
        const width = widths[index] ?? value.length;
        return alignRight[index] ? value.padStart(width) : value.padEnd(width);
      })
      .join(' | ')
      .trimEnd();
  const header = line(columns, numeric);
  const rule = widths.map((width) => '-'.repeat(width)).join('-+-');
  const body = rows.map((row) =>
    line(
      columns.map((column) => cell(row[column])),
      numeric,
    ),
  );
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return [header, rule, ...body, count].join('\n');
}

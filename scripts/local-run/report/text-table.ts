/**
 * A compact aligned table for the terminal: numbers right-aligned, long cells cut with `…`, the
 * widest columns narrowed until a line fits the terminal, and rows past the limit summarised as
 * `… N more`.
 */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { cellText, count, isNumeric } from './format';

export interface TextTableOptions {
  /** Rows shown before `… N more`. @default 5 */
  readonly maxRows?: number;
  /** Longest line, indentation included. @default 100 */
  readonly width?: number;
  /** Prefix of every line. @default '' */
  readonly indent?: string;
  /** Columns to right-align although their cells are text (sizes, durations). @default none */
  readonly rightAligned?: readonly string[];
  /** Widest a column may be before its cells are cut. @default 40 */
  readonly widestCell?: number;
}

const SEPARATOR = '  ';
const NARROWEST_COLUMN = 6;
const WIDEST_CELL = 40;

/** `text` cut to `width` characters, the cut marked with `…`. */
export function truncate(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  return `${characters.slice(0, Math.max(0, width - 1)).join('')}…`;
}

function displayWidth(text: string): number {
  return [...text].length;
}

export function textTable(rows: readonly Row[], options: TextTableOptions = {}): string[] {
  const maxRows = options.maxRows ?? 5;
  const width = options.width ?? 100;
  const indent = options.indent ?? '';
  const first = rows[0];
  if (first === undefined) return [`${indent}(no rows)`];

  const shown = rows.slice(0, maxRows);
  const columns = Object.keys(first);
  const rightAligned = new Set(options.rightAligned ?? []);
  const widestCell = options.widestCell ?? WIDEST_CELL;
  const numeric = columns.map(
    (column) =>
      rightAligned.has(column) ||
      shown.every((row) => row[column] === null || isNumeric(row[column])),
  );
  const cells = shown.map((row) => columns.map((column) => cellText(row[column])));
  const contentWidths = columns.map((_, index) =>
    Math.min(widestCell, Math.max(0, ...cells.map((line) => displayWidth(line[index] ?? '')))),
  );
  const widths = columns.map((column, index) =>
    Math.min(widestCell, Math.max(displayWidth(column), contentWidths[index] ?? 0)),
  );
  const budget = width - displayWidth(indent) - SEPARATOR.length * (columns.length - 1);
  const total = () => widths.reduce((sum, each) => sum + each, 0);
  // Cut long headers before any value: a value is what the reader came for.
  for (let index = 0; index < widths.length && total() > budget; index++) {
    const floor = Math.max(NARROWEST_COLUMN, contentWidths[index] ?? 0);
    const current = widths[index] ?? 0;
    widths[index] = Math.min(current, Math.max(floor, current - (total() - budget)));
  }
  while (total() > budget) {
    const widest = widths.indexOf(Math.max(...widths));
    const current = widths[widest] ?? 0;
    if (current <= NARROWEST_COLUMN) break;
    widths[widest] = current - 1;
  }

  const line = (values: readonly string[]) =>
    indent +
    values
      .map((value, index) => {
        const columnWidth = widths[index] ?? 0;
        const text = truncate(value, columnWidth);
        const padding = ' '.repeat(Math.max(0, columnWidth - displayWidth(text)));
        return numeric[index] ? padding + text : text + padding;
      })
      .join(SEPARATOR)
      .trimEnd();

  const lines = [line(columns), ...cells.map(line)];
  if (rows.length > shown.length)
    lines.push(`${indent}… ${count(rows.length - shown.length)} more`);
  return lines;
}

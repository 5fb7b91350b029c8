/** Rows as an escaped HTML table: numbers right-aligned, long answers cut with a "more" row. */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import { escapeHtml } from './escape';
import { cellText, count, isNumeric } from './format';

export interface HtmlTableOptions {
  /** Rows shown before a "… N more rows" line. @default 50 */
  readonly maxRows?: number;
  /** Columns to right-align although their cells are text (sizes, durations). @default none */
  readonly rightAligned?: readonly string[];
  /** Shown instead of a table when there is no row. @default 'No rows.' */
  readonly empty?: string;
  /** Table caption. @default none */
  readonly caption?: string;
}

export function htmlTable(rows: readonly Row[], options: HtmlTableOptions = {}): string {
  const first = rows[0];
  if (first === undefined) return `<p class="muted">${escapeHtml(options.empty ?? 'No rows.')}</p>`;
  const maxRows = options.maxRows ?? 50;
  const shown = rows.slice(0, maxRows);
  const columns = Object.keys(first);
  const rightAligned = new Set(options.rightAligned ?? []);
  const numeric = columns.map(
    (column) =>
      rightAligned.has(column) ||
      shown.every((row) => row[column] === null || isNumeric(row[column])),
  );
  const cellClass = (index: number) => (numeric[index] ? ' class="num"' : '');

  const head = columns
    .map((column, index) => `<th scope="col"${cellClass(index)}>${escapeHtml(column)}</th>`)
    .join('');
  const body = shown
    .map(
      (row) =>
        `<tr>${columns.map((column, index) => `<td${cellClass(index)}>${escapeHtml(cellText(row[column]))}</td>`).join('')}</tr>`,
    )
    .join('\n');
  const more =
    rows.length > shown.length
      ? `\n<tr class="more"><td colspan="${columns.length}">… ${escapeHtml(count(rows.length - shown.length))} more rows (all of them are in local-run.json)</td></tr>`
      : '';
  const caption =
    options.caption === undefined ? '' : `<caption>${escapeHtml(options.caption)}</caption>`;
  return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}${more}\n</tbody></table>`;
}

/** GetStatementResultV2's CSV rendering of a result page (a header line on the first page). */
import type { ResultField } from './result-format';
import type { StoredResult } from './statement-model';

function fieldText(field: ResultField): string | undefined {
  if ('isNull' in field) return undefined;
  if ('stringValue' in field) return field.stringValue;
  if ('longValue' in field) return String(field.longValue);
  if ('doubleValue' in field) return String(field.doubleValue);
  if ('booleanValue' in field) return String(field.booleanValue);
  return field.blobValue;
}

function quote(text: string | undefined): string {
  if (text === undefined) return '';
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(result: StoredResult, offset: number, end: number): string {
  const lines = result.records
    .slice(offset, end)
    .map((record) => record.map((field) => quote(fieldText(field))).join(','));
  if (offset === 0) lines.unshift(result.columns.map((column) => quote(column.name)).join(','));
  return `${lines.join('\n')}\n`;
}

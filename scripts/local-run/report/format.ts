/**
 * Number and value formatting shared by the terminal and HTML reports, so both spell a figure
 * the same way: grouped integers, binary byte units, durations that pick their own unit.
 */
import type { FieldValue } from '../../../lambdas/shared/warehouse/data-api';
import { bytes } from '../../reconcile/report';

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const ONE_DECIMAL = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** `12,345`; non-finite values (which a JSON round trip would turn into null) read as `–`. */
export function count(value: number): string {
  return Number.isFinite(value) ? GROUPED.format(value) : '–';
}

/** `3.4`: rates and other figures where one decimal is meaningful. */
export function decimal(value: number): string {
  return Number.isFinite(value) ? ONE_DECIMAL.format(value) : '–';
}

/** `51.2 %` from a share (0.512); `n/a` for a share the run could not measure (null). */
export function percentage(share: number | null): string {
  return share === null ? 'n/a' : `${decimal(share * 100)} %`;
}

export function byteSize(value: number): string {
  return Number.isFinite(value) && value >= 0 ? bytes(Math.round(value)) : '–';
}

/** `180 ms`, `2.1 s`, `1 min 05 s`: a latency or a lag. */
export function milliseconds(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value < 1000) return `${Math.round(value)} ms`;
  return seconds(value / 1000);
}

/** `0.8 s`, `12.4 s`, `2 min 13 s`, `1 h 02 min`: a step or a run. */
export function seconds(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value < 60) return `${decimal(value)} s`;
  const whole = Math.round(value);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  const minutes = Math.floor(whole / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

export function plural(value: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count(value)} ${value === 1 ? singular : pluralForm}`;
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?$/;

/**
 * The number a Data API field holds: counts arrive as numbers, DECIMAL columns as exact text
 * (`"41.20"`). Anything else (text, NULL, a non-finite number) is not a number.
 */
export function numericValue(value: FieldValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return undefined;
}

export function isNumeric(value: FieldValue | undefined): boolean {
  return numericValue(value) !== undefined;
}

/** A query cell as text: NULL spelled out so it cannot pass for an empty string. */
export function cellText(value: FieldValue | undefined): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? count(value) : String(value);
  return String(value);
}

/** `13:05` from `2025-03-14T13:05:00Z` or `2025-03-14 13:05:00`; other text unchanged. */
export function clockTime(minute: string): string {
  const match = /[T ](\d{2}:\d{2})/.exec(minute);
  return match?.[1] ?? minute;
}

/**
 * Consecutive minutes collapsed into ranges: `13:05–13:09 (5 min)`, `17:42`. Minutes that do
 * not parse as times are listed as they are.
 */
export function minuteRanges(minutes: readonly string[]): string[] {
  const parsed = minutes.map((minute) => ({ minute, at: minuteEpoch(minute) }));
  const sorted = parsed.filter((item) => !Number.isNaN(item.at)).sort((a, b) => a.at - b.at);
  const unparsed = parsed.filter((item) => Number.isNaN(item.at)).map((item) => item.minute);
  const ranges: string[] = [];
  let start: (typeof parsed)[number] | undefined;
  let end: (typeof parsed)[number] | undefined;
  let length = 0;
  const flush = () => {
    if (start === undefined || end === undefined) return;
    ranges.push(
      length === 1
        ? clockTime(start.minute)
        : `${clockTime(start.minute)}–${clockTime(end.minute)} (${length} min)`,
    );
  };
  for (const item of sorted) {
    if (end !== undefined && item.at - end.at === 60_000) {
      end = item;
      length++;
      continue;
    }
    flush();
    start = item;
    end = item;
    length = 1;
  }
  flush();
  return [...ranges, ...unparsed];
}

/** Epoch milliseconds of a minute in ISO-8601 or the engine's text form; NaN if neither. */
export function minuteEpoch(minute: string): number {
  return Date.parse(normaliseMinute(minute));
}

/** The engine's `2025-03-14 13:05:00` (no zone, UTC by convention) as ISO-8601. */
function normaliseMinute(minute: string): string {
  return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(minute)
    ? `${minute.replace(' ', 'T')}Z`
    : minute;
}

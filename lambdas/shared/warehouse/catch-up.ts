/**
 * Where a nightly ELT run starts: at the first day of its catch-up window (the
 * {@link ELT_CATCH_UP_DAYS} days up to its own) that no earlier run loaded, so the facts hold the
 * whole window after a new warehouse, a missed night or a failed run; at its own day when every
 * earlier day is loaded. The loaded ranges are what each complete run recorded last
 * (transforms/90_, table dw.elt_loaded_range).
 */
import { ELT_CATCH_UP_DAYS } from '../../../infra/aws/facts/warehouse';
import type { WarehouseSession } from './data-api';
import { daysOfRange, shiftDay } from './elt';

export interface LoadedRange {
  readonly fromDay: string;
  readonly day: string;
}

/** The runs that reach into the window; the window's bounds are bound, never pasted. */
const LOADED_RANGES_SQL = `SELECT from_date, to_date FROM dw.elt_loaded_range
WHERE to_date >= CAST(:window_start AS DATE) AND from_date <= CAST(:run_date AS DATE)`;

/** The first day of `day`'s window that is in no loaded range, or `day` itself. */
export function catchUpStart(
  day: string,
  loaded: readonly LoadedRange[],
  windowDays: number = ELT_CATCH_UP_DAYS,
): string {
  const windowStart = shiftDay(day, -(windowDays - 1));
  const covered = new Set(
    loaded.flatMap((range) => {
      const from = range.fromDay < windowStart ? windowStart : range.fromDay;
      const to = range.day > day ? day : range.day;
      return from <= to ? daysOfRange(from, to) : [];
    }),
  );
  return daysOfRange(windowStart, day).find((each) => !covered.has(each)) ?? day;
}

export async function catchUpFrom(session: WarehouseSession, day: string): Promise<string> {
  const rows = await session.query(LOADED_RANGES_SQL, {
    window_start: shiftDay(day, -(ELT_CATCH_UP_DAYS - 1)),
    run_date: day,
  });
  const loaded = rows.map((row) => ({
    fromDay: String(row.from_date).slice(0, 10),
    day: String(row.to_date).slice(0, 10),
  }));
  return catchUpStart(day, loaded);
}

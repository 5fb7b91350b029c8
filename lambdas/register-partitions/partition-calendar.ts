/**
 * Hive time partitions must name a real time. A key's pattern checks each value on its own
 * (`day` is 01–31); only the values together can tell that February has no 30th, April no 31st,
 * and February 29 exists in leap years only. The keys are known by name (`year`, `month`, `day`,
 * `hour`, as the platform definition's time partitions are), in UTC and the proleptic Gregorian
 * calendar, which is what `Date` computes and what engines read such partitions as.
 */

/** Partition keys by name, with the value each has for one object. */
type NamedValues = ReadonlyMap<string, string>;

const DIGITS = /^\d+$/;

/**
 * Why the time named by the values cannot exist, or undefined when it can (or when the dataset
 * has no year key, so no time partitions). Validates as far as the keys go: year alone, year and
 * month, a date, or a date and hour.
 */
export function calendarProblem(values: NamedValues): string | undefined {
  const year = values.get('year');
  if (year === undefined) return undefined;
  const parts = {
    year,
    month: values.get('month'),
    day: values.get('day'),
    hour: values.get('hour'),
  };
  for (const [name, value] of Object.entries(parts)) {
    if (value !== undefined && !DIGITS.test(value)) return `${name}="${value}" is not a number`;
  }
  const month = parts.month === undefined ? undefined : Number(parts.month);
  if (month !== undefined && (month < 1 || month > 12))
    return `month=${parts.month} is not a month (01–12)`;
  if (parts.day !== undefined && month !== undefined) {
    const day = Number(parts.day);
    const days = daysInMonth(Number(year), month);
    if (day < 1 || day > days)
      return `day=${parts.day} does not exist in ${year}-${parts.month} (${days} days)`;
  }
  if (parts.hour !== undefined && Number(parts.hour) > 23)
    return `hour=${parts.hour} is not an hour of the day (00–23)`;
  return undefined;
}

/**
 * Days in `month` (1–12) of `year`: day 0 of the next month is the last day of this one.
 * `setUTCFullYear`, unlike `Date.UTC`, does not read years below 100 as 19xx.
 */
function daysInMonth(year: number, month: number): number {
  const lastDay = new Date(0);
  lastDay.setUTCFullYear(year, month, 0);
  return lastDay.getUTCDate();
}

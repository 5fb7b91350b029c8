/**
 * Redshift's date part names and abbreviations (as DATEADD/DATEDIFF accept them), reduced to
 * the unit PostgreSQL understands.
 */
export type DatePart =
  | 'year'
  | 'quarter'
  | 'month'
  | 'week'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond'
  | 'microsecond';

const ABBREVIATIONS: Readonly<Record<DatePart, readonly string[]>> = {
  year: ['year', 'years', 'y', 'yr', 'yrs'],
  quarter: ['quarter', 'quarters', 'qtr', 'qtrs'],
  month: ['month', 'months', 'mon', 'mons'],
  week: ['week', 'weeks', 'w'],
  day: ['day', 'days', 'd'],
  hour: ['hour', 'hours', 'h', 'hr', 'hrs'],
  minute: ['minute', 'minutes', 'm', 'min', 'mins'],
  second: ['second', 'seconds', 's', 'sec', 'secs'],
  millisecond: ['millisecond', 'milliseconds', 'ms', 'msec', 'msecs', 'msecond', 'mseconds'],
  microsecond: ['microsecond', 'microseconds', 'microsec', 'microsecs', 'usec', 'usecs', 'us'],
};

const BY_NAME = new Map<string, DatePart>(
  Object.entries(ABBREVIATIONS).flatMap(([part, names]) =>
    names.map((name) => [name, part as DatePart] as const),
  ),
);

/** `day`, `'day'`, `DD`… → the part, or undefined when Redshift would not accept it either. */
export function datePartOf(text: string): DatePart | undefined {
  const bare = text.startsWith("'") && text.endsWith("'") ? text.slice(1, -1) : text;
  return BY_NAME.get(bare.toLowerCase());
}

/** `ts + n parts`, as a timestamp. */
export function dateAddExpression(part: DatePart, count: string, timestamp: string): string {
  const unit = part === 'quarter' ? '3 months' : `1 ${part}`;
  return `(CAST(${timestamp} AS timestamp) + (${count}) * INTERVAL '${unit}')`;
}

/**
 * Redshift's DATEDIFF counts the part boundaries crossed between the two values (so from
 * 23:59 to 00:01 is one day), not the elapsed time divided by the part's length.
 */
export function dateDiffExpression(part: DatePart, startValue: string, endValue: string): string {
  const start = `CAST(${startValue} AS timestamp)`;
  const end = `CAST(${endValue} AS timestamp)`;
  const field = (name: string, value: string): string => `EXTRACT(${name} FROM ${value})`;
  switch (part) {
    case 'year':
      return `CAST(${field('YEAR', end)} - ${field('YEAR', start)} AS bigint)`;
    case 'quarter':
      return `CAST((${field('YEAR', end)} * 4 + ${field('QUARTER', end)}) - (${field('YEAR', start)} * 4 + ${field('QUARTER', start)}) AS bigint)`;
    case 'month':
      return `CAST((${field('YEAR', end)} * 12 + ${field('MONTH', end)}) - (${field('YEAR', start)} * 12 + ${field('MONTH', start)}) AS bigint)`;
    case 'week':
      return `CAST((CAST(date_trunc('week', ${end}) AS date) - CAST(date_trunc('week', ${start}) AS date)) / 7 AS bigint)`;
    case 'day':
      return `CAST(CAST(${end} AS date) - CAST(${start} AS date) AS bigint)`;
    default: {
      const seconds: Record<string, string> = {
        hour: '3600',
        minute: '60',
        second: '1',
        millisecond: '0.001',
        microsecond: '0.000001',
      };
      const truncated = (value: string): string =>
        `EXTRACT(EPOCH FROM date_trunc('${part}', ${value}))`;
      return `CAST((${truncated(end)} - ${truncated(start)}) / ${seconds[part]} AS bigint)`;
    }
  }
}

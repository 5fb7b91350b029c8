/**
 * What the monitor reads of a web log line that arrives as text (`{"raw_line": "…"}`, as a log
 * shipper sends it and the streaming job stores it): the client, the first field of the combined
 * and the common log format alike (an address, or a host name where the server logged names),
 * and the request time in brackets (`[02/Mar/2026:00:02:36 +0000]`, `[01/Jul/1995:00:00:02
 * -0400]`). The rest of the line is the clean job's to parse; like the streaming job's
 * `request_time_of`, this needs only the time to place the line in its minute, so a line cut
 * short after its time still counts as a request.
 */

/** The field a wrapped log line arrives in (`hybrid_lake_etl.cleaning.RAW_LINE_FIELD`). */
export const RAW_LINE_FIELD = 'raw_line';

/** The first bracketed field, then its clock: as `web_logs.request_time_of` reads a line. */
const BRACKETED = /\[([^\]]+)\]/;
const LOG_TIME = /^(\d{2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/;
/** The months as access logs write them (both formats); the generators write with these too. */
export const LOG_MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** The line's request time (epoch ms, UTC) and client, or undefined without a valid time. */
export function readLogLine(line: string): { time: number; client: string } | undefined {
  const bracketed = BRACKETED.exec(line);
  const match = bracketed ? LOG_TIME.exec(bracketed[1]!) : null;
  if (!match) return undefined;
  const [, day, monthName, year, hour, minute, second, sign, offsetHours, offsetMinutes] =
    match as unknown as string[];
  const month = (LOG_MONTHS as readonly string[]).indexOf(
    monthName!.charAt(0).toUpperCase() + monthName!.slice(1).toLowerCase(),
  );
  if (month < 0) return undefined;
  const local = Date.UTC(
    Number(year),
    month,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const check = new Date(local);
  // Date.UTC rolls 31 Feb over into March: a clock that does not exist is no time.
  if (
    check.getUTCDate() !== Number(day) ||
    check.getUTCHours() !== Number(hour) ||
    check.getUTCMinutes() !== Number(minute) ||
    check.getUTCSeconds() !== Number(second)
  )
    return undefined;
  const offsetMs = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const time = sign === '+' ? local - offsetMs : local + offsetMs;
  const space = line.indexOf(' ');
  // Host names ignore case, as the clean job's `client_of` does: one client, one spelling.
  const client = space > 0 ? line.slice(0, space).toLowerCase() : 'unknown';
  return { time, client };
}

/**
 * What the clean job's `request_id` is the SHA-256 of: the line without its terminator
 * (`web_logs.request_id`).
 */
export function logLineIdText(line: string): string {
  return line.replace(/[\r\n]+$/, '');
}

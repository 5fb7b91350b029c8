/**
 * SAS times (`st`, `se`) are ISO 8601 UTC: `YYYY-MM-DD`, `YYYY-MM-DDThh:mmZ`,
 * `YYYY-MM-DDThh:mm:ssZ` or with a fraction of a second (`…ss.fffffffZ`).
 */
const SAS_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?Z)?$/;

export function parseSasTime(text: string): Date | undefined {
  const match = SAS_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const millis = fraction === undefined ? 0 : Number(fraction.padEnd(3, '0').slice(0, 3));
  const date = new Date(
    Date.UTC(
      Number(year),
      Number(month) - 1,
      Number(day),
      Number(hour ?? 0),
      Number(minute ?? 0),
      Number(second ?? 0),
      millis,
    ),
  );
  // Reject dates that roll over (2024-02-30) rather than read them as another day.
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1
    ? date
    : undefined;
}

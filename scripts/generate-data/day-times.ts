/**
 * When things happen during the generated day. Times follow the producer's daily rhythm (the
 * audience-weighted evening peak), drawn minute by minute and sorted, so a day of records has
 * the same shape as a day of live traffic: a trough before dawn, a lunchtime bump, the evening
 * peak. Counts per minute then vary like real arrivals rather than being spread evenly.
 */
import { dailyRhythm } from '../produce-events/daily-rhythm';
import { WeightedSampler, type Random } from '../produce-events/random';
import { UsageError } from '../shared/usage-error';

export const MINUTE_MS = 60_000;
export const MINUTES_PER_DAY = 24 * 60;
const DAY_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch milliseconds of 00:00 UTC of `day` (YYYY-MM-DD). @throws UsageError when no such day. */
export function dayStartMs(day: string): number {
  const match = DAY_TEXT.exec(day);
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  // Date.UTC rolls 2026-02-30 over into March: a real day prints back as itself.
  if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== day) {
    throw new UsageError(`the day must be a calendar day as YYYY-MM-DD; got "${day}"`);
  }
  return start;
}

/** Relative traffic of each minute of the day (the busiest minute is 1). */
export function minuteWeights(): number[] {
  const rhythm = dailyRhythm();
  // The rhythm depends on the UTC time of day only, so any day's minutes give the same weights.
  return Array.from({ length: MINUTES_PER_DAY }, (_, minute) =>
    rhythm(minute * MINUTE_MS + MINUTE_MS / 2),
  );
}

/**
 * `count` sorted instants of the day starting at `startMs`, following `weights` per minute,
 * rounded down to `resolutionMs` (1 000 for sources that log whole seconds).
 */
export function drawTimes(
  random: Random,
  startMs: number,
  weights: readonly number[],
  count: number,
  resolutionMs = 1,
): number[] {
  const minutes = new WeightedSampler(
    weights.map((_, index) => index),
    weights,
  );
  const times = new Float64Array(count);
  for (let index = 0; index < count; index += 1) {
    const offset = minutes.draw(random) * MINUTE_MS + Math.floor(random.next() * MINUTE_MS);
    times[index] = startMs + offset - (offset % resolutionMs);
  }
  return Array.from(times.sort());
}

/**
 * Traffic over the day. People stream and shop most in the evening and least before dawn, each
 * in their own time zone, so the platform-wide load at a UTC instant is the audience-weighted
 * mix of every country's local hour. The producer scales its rate by this factor, so records
 * stay a deterministic sequence (the seed decides *what* is sent, the clock only *when*).
 */
import { COUNTRIES, type Country } from './geography';

/**
 * Relative activity at each local hour, 00–23: a trough around 04:00, a lunchtime bump, the
 * peak from 19:00 to 22:00.
 */
export const LOCAL_HOUR_ACTIVITY: readonly number[] = [
  0.35, 0.22, 0.14, 0.1, 0.08, 0.09, 0.14, 0.24, 0.32, 0.36, 0.4, 0.45, 0.52, 0.5, 0.45, 0.46, 0.52,
  0.6, 0.72, 0.88, 0.98, 1.0, 0.85, 0.58,
];

const HOUR_MS = 3_600_000;

/** Local activity at a fractional hour, interpolated so the rate has no hourly steps. */
function activityAtLocalHour(hour: number): number {
  const wrapped = ((hour % 24) + 24) % 24;
  const lower = Math.floor(wrapped);
  const fraction = wrapped - lower;
  const from = LOCAL_HOUR_ACTIVITY[lower]!;
  const to = LOCAL_HOUR_ACTIVITY[(lower + 1) % 24]!;
  return from + (to - from) * fraction;
}

function audienceActivity(utcHour: number, countries: readonly Country[]): number {
  const totalShare = countries.reduce((sum, country) => sum + country.share, 0);
  return countries.reduce(
    (sum, country) =>
      sum + (country.share / totalShare) * activityAtLocalHour(utcHour + country.utcOffsetHours),
    0,
  );
}

/** Highest audience activity over a day, sampled every 5 minutes: the rate at `--rate`. */
function peakActivity(countries: readonly Country[]): number {
  let peak = 0;
  for (let minute = 0; minute < 24 * 60; minute += 5) {
    peak = Math.max(peak, audienceActivity(minute / 60, countries));
  }
  return peak;
}

/**
 * The share of the peak rate at `epochMs`, in (0, 1]: 1 at the busiest moment of the day.
 */
export function dailyRhythm(
  countries: readonly Country[] = COUNTRIES,
): (epochMs: number) => number {
  const peak = peakActivity(countries);
  return (epochMs) => {
    const utcHour = (epochMs % (24 * HOUR_MS)) / HOUR_MS;
    return Math.min(1, audienceActivity(utcHour, countries) / peak);
  };
}

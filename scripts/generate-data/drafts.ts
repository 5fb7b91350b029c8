/**
 * A generated record before it is written: where it goes in time, its raw JSON form, and what
 * the clean zone must make of it (keep it as a typed record, or reject it for a known reason).
 * Knowing the verdict of every record is what lets a generated day carry its own answer key.
 */

export type RawRecord = Readonly<Record<string, unknown>>;

export interface Draft<T> {
  /** Epoch milliseconds the record belongs to: it picks the raw partition and micro-batch. */
  readonly time: number;
  /** The record exactly as it is written to the raw zone. */
  readonly raw: RawRecord;
  /** The verdict: kept as `record` (under `id`), or rejected with the clean job's `reason`. */
  readonly outcome:
    | { readonly kept: true; readonly id: string; readonly record: T }
    | { readonly kept: false; readonly reason: string };
  /** What is odd about a kept record, for the day's figures (web logs: `LineTrait`). */
  readonly traits?: readonly string[];
}

/** A way to spoil a valid raw record, and the rejection reason the clean job gives it. */
export interface Corruption {
  readonly reason: string;
  readonly spoil: (raw: RawRecord, time: number) => RawRecord;
}

/**
 * Which of `total` records to spoil: `count` distinct positions, each with the corruption it
 * gets. Corruptions are dealt in turn, so every kind shows up once `count` reaches their number.
 */
export function chooseSpoiled<C>(
  random: { int(min: number, max: number): number },
  total: number,
  count: number,
  corruptions: readonly C[],
): Map<number, C> {
  const spoiled = new Map<number, C>();
  const wanted = Math.min(total, count);
  while (spoiled.size < wanted) {
    const position = random.int(0, total - 1);
    if (!spoiled.has(position))
      spoiled.set(position, corruptions[spoiled.size % corruptions.length]!);
  }
  return spoiled;
}

/** How many of `total` records are spoiled at `share`: at least `minimum`, at most all. */
export function spoiledCount(total: number, share: number, minimum: number): number {
  return Math.min(total, Math.max(minimum, Math.round(total * share)));
}

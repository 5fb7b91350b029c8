/**
 * Exponential backoff with full jitter, for retrying what a batch call of an AWS service left
 * undone (unprocessed items, throttled entries): the waits spread callers apart instead of
 * bringing them back together.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** Upper bound of the first wait, ms; it doubles per attempt. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, ms. */
  readonly maxDelayMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1). */
  readonly random: () => number;
}

/** The wait before retry number `retry` (0 = the first retry): full jitter. */
export function backoffDelay(retry: number, policy: RetryPolicy): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(policy.random() * bound);
}

/** `items` in consecutive slices of at most `size` (a batch call's per-call limit), in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}

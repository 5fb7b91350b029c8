/**
 * The bench client's retry policy, as the API asks its clients to behave: an answer that says
 * nothing was acknowledged yet (5xx; 409, the same key still in progress; 429, throttled) is
 * retried with the same Idempotency-Key and the same body until it is accepted (202); any other
 * answer is final. The backoff is short (50 ms doubling to 800 ms) rather than the 1 s the API's
 * Retry-After names, so a retry lands while the load still runs and is measured under it.
 */

export type Verdict = 'accepted' | 'retry' | 'final';

export function verdictOf(status: number): Verdict {
  if (status >= 200 && status < 300) return 'accepted';
  if (status >= 500 || status === 409 || status === 429) return 'retry';
  return 'final';
}

export interface Backoff {
  readonly firstMs: number;
  readonly maxMs: number;
}

export const BACKOFF: Backoff = { firstMs: 50, maxMs: 800 };

/** How long to wait before retry number `retry` (1 for the first retry). */
export function backoffMs(retry: number, backoff: Backoff = BACKOFF): number {
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.max(0, retry - 1));
}

/**
 * Retrying what Glue throttles (and its transient failures): exponential backoff with full
 * jitter (a random wait between zero and the exponential bound), so containers that were
 * throttled together do not retry together. Bounded attempts: what still fails afterwards fails
 * its records, and SQS delivers them again later. This is the only retry layer for Glue calls
 * (the handler's client makes one attempt per call), so attempts do not multiply. Sleep and
 * randomness are injected, for tests.
 */
import { backoffDelay, type RetryPolicy } from '../shared/backoff';
import { errorCodeOf } from './errors';

/** At most 0.1 + 0.2 + 0.4 + 0.8 + 1.6 = 3.1 s of waiting in the worst case per chunk. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Error codes, of a call or of one batch entry, that a later attempt may not get. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set([
  // "Slow down."
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  // The service failed this time.
  'InternalServiceException',
  'OperationTimeoutException',
  'ServiceUnavailableException',
]);

/** Connection-level failures: the request may not have reached Glue at all. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
]);

export function isRetryableCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/**
 * Whether a failed call is worth another attempt: throttling, a 5xx, a dropped connection.
 * Retrying a BatchCreatePartition that did succeed is harmless: its entries come back as
 * already existing, which counts as success.
 */
export function isRetryableCall(error: unknown): boolean {
  if (isRetryableCode(errorCodeOf(error))) return true;
  const details = error as { $metadata?: { httpStatusCode?: number }; code?: unknown } | null;
  const status = details?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return typeof details?.code === 'string' && NETWORK_CODES.has(details.code);
}

/**
 * Runs `attempt` on `items` until nothing is left to retry or attempts run out. `attempt`
 * returns the items it must retry (entries throttled inside a batch call, keys left
 * unprocessed); a call that fails retryably as a whole retries all of them. Any other error is
 * thrown. @returns the items still not done after the last attempt.
 */
export async function retryWithBackoff<T>(
  items: readonly T[],
  attempt: (items: readonly T[]) => Promise<readonly T[]>,
  policy: RetryPolicy,
): Promise<readonly T[]> {
  let pending = items;
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    let throttled: readonly T[];
    try {
      throttled = await attempt(pending);
    } catch (error) {
      if (!isRetryableCall(error)) throw error;
      throttled = pending;
    }
    if (throttled.length === 0 || attemptNumber >= policy.maxAttempts) return throttled;
    await policy.sleep(backoffDelay(attemptNumber - 1, policy));
    pending = throttled;
  }
}

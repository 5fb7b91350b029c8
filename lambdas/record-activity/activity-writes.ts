/**
 * Writing a batch's items: one item per key (DynamoDB refuses a BatchWriteItem that names a key
 * twice), in calls of 25, a few calls in flight. Items DynamoDB leaves unprocessed (throttling on
 * the table or its partitions) are sent again with exponential backoff and full jitter, so the
 * invocations that were throttled together do not come back together; what is still unprocessed
 * after the last attempt fails the batch, and the mapping retries it. Every write is a plain put
 * of an item keyed by its record, so a retried or redelivered batch writes the same items again,
 * never new ones.
 */
import type { ActivityItem } from '../../infra/aws/facts/recommendations';
import { backoffDelay, chunk, type RetryPolicy } from '../shared/backoff';
import { forEachConcurrently } from '../shared/concurrency';
import { ActivityNotWrittenError } from './errors';

/** DynamoDB's limit of requests in one BatchWriteItem. */
export const MAX_BATCH_WRITE_ITEMS = 25;

/**
 * Puts the items (at most 25, each key once) in one BatchWriteItem.
 * @returns the items DynamoDB left unprocessed
 */
export type PutActivityItems = (items: readonly ActivityItem[]) => Promise<readonly ActivityItem[]>;

/** How long a chunk's unprocessed items are retried. */
export type UnprocessedRetry = RetryPolicy;

/** At most 50 + 100 + … + 1,600 ms ≈ 3.2 s of waiting for one chunk, well inside the timeout. */
export const DEFAULT_UNPROCESSED_RETRY: UnprocessedRetry = {
  maxAttempts: 7,
  baseDelayMs: 50,
  maxDelayMs: 2_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export interface WriteSettings {
  /** Calls in flight at once. */
  readonly concurrency: number;
  readonly retry: UnprocessedRetry;
}

/** The key of an item, as DynamoDB compares them. */
function keyOf(item: ActivityItem): string {
  return `${item.customer_id}\u0000${item.activity_key}`;
}

/**
 * One item per key; a later item replaces an earlier one of the same key, as a later put would
 * (a record produced twice, or the same record read twice in one batch).
 */
export function uniqueByKey(items: readonly ActivityItem[]): ActivityItem[] {
  const byKey = new Map<string, ActivityItem>();
  for (const item of items) byKey.set(keyOf(item), item);
  return [...byKey.values()];
}

/**
 * Writes the items. @returns how many were written (each key once)
 * @throws ActivityNotWrittenError when items are still unprocessed after the last attempt; an
 *   error of a call itself (the SDK has retried it already) is thrown as it is
 */
export async function writeActivity(
  items: readonly ActivityItem[],
  put: PutActivityItems,
  settings: WriteSettings,
): Promise<number> {
  const unique = uniqueByKey(items);
  await forEachConcurrently(
    chunk(unique, MAX_BATCH_WRITE_ITEMS),
    settings.concurrency,
    async (chunk) => {
      let pending: readonly ActivityItem[] = chunk;
      for (let attempt = 1; ; attempt += 1) {
        pending = await put(pending);
        if (pending.length === 0) return;
        if (attempt >= settings.retry.maxAttempts)
          throw new ActivityNotWrittenError(
            `DynamoDB left ${pending.length} of ${chunk.length} item(s) unprocessed after ${attempt} attempts`,
          );
        await settings.retry.sleep(backoffDelay(attempt - 1, settings.retry));
      }
    },
  );
  return unique.length;
}

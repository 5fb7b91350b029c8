/**
 * The pointer to the nightly model's last complete snapshot, kept by the container for a short
 * while (`snapshotPointerCacheSeconds`): it changes once a night, and reading it on every request
 * would add a read to every answer. A container may go on reading yesterday's snapshot for up to
 * that long after the export flips the pointer, and yesterday's stays readable
 * `snapshotKeepDays` (TTL), so it always reads a complete snapshot. "No snapshot yet" is kept
 * as long; a failed read is not kept, so the next request tries again.
 */
import { MODEL_KEYS, type SnapshotPointerItem } from '../../infra/aws/facts/recommendations';
import type { LogPort } from '../shared/ports';
import { getModelItem, type DynamoDbReads } from './dynamodb-reads';

/** What the recommender needs of the pointer: the snapshot's date. */
export type SnapshotPointer = Pick<SnapshotPointerItem, 'as_of_date'>;

export interface SnapshotPointerCacheOptions {
  readonly dynamodb: DynamoDbReads;
  readonly tableName: string;
  readonly maxAgeMs: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly logger: LogPort;
}

const AS_OF_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `current()` resolves to the pointer, or undefined before the first export. */
export function snapshotPointerCache(options: SnapshotPointerCacheOptions): {
  current(): Promise<SnapshotPointer | undefined>;
} {
  let cached:
    { readonly value: Promise<SnapshotPointer | undefined>; readonly at: number } | undefined;
  const read = async (): Promise<SnapshotPointer | undefined> => {
    const item = await getModelItem(options.dynamodb, options.tableName, {
      pk: MODEL_KEYS.snapshot,
      sk: MODEL_KEYS.current,
    });
    const asOfDate = item?.as_of_date;
    if (typeof asOfDate === 'string' && AS_OF_DATE.test(asOfDate)) return { as_of_date: asOfDate };
    options.logger.warn('no recommendation snapshot yet: answering empty lists', {
      pointer: item ?? null,
    });
    return undefined;
  };
  return {
    current() {
      const now = options.now();
      if (cached && now - cached.at < options.maxAgeMs) return cached.value;
      // Requests that arrive while the read is under way share it.
      const value = read();
      const entry = { value, at: now };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
      return value;
    },
  };
}

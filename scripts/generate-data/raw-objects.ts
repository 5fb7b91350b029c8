/**
 * Drafts -> raw-zone objects in the layout the streaming job writes: one object per micro-batch,
 * `<dataset>/year=YYYY/month=MM/day=DD[/hour=HH]/part-00000-<uuid>.c000.json`, JSON lines in
 * the definition's column order. Locally a batch spans minutes, not the deployed job's seconds,
 * which keeps a day at a few hundred objects while every partition still gets several.
 */
import type { Dataset } from '../../infra/platform';
import type { Random } from '../produce-events/random';
import { MINUTE_MS } from './day-times';
import type { Draft } from './drafts';

export interface DraftObject<T> {
  readonly dataset: string;
  readonly key: string;
  readonly body: Buffer;
  readonly drafts: readonly Draft<T>[];
}

/** Minutes of records per micro-batch object, by the finest partition of the dataset. */
export const BATCH_MINUTES = { hourly: 20, daily: 120 } as const;

const two = (value: number) => String(value).padStart(2, '0');
const PARTITION_VALUE: Readonly<Record<string, (at: Date) => string>> = {
  year: (at) => String(at.getUTCFullYear()),
  month: (at) => two(at.getUTCMonth() + 1),
  day: (at) => two(at.getUTCDate()),
  hour: (at) => two(at.getUTCHours()),
};

/** `year=2026/month=03/day=02/hour=20`: the dataset's partition folders for an instant. */
export function partitionPath(dataset: Dataset, epochMs: number): string {
  const at = new Date(epochMs);
  return dataset.partitionKeys
    .map((key) => {
      const value = PARTITION_VALUE[key.name];
      if (value === undefined) {
        throw new RangeError(`${dataset.name}: no time value for partition key "${key.name}"`);
      }
      return `${key.name}=${value(at)}`;
    })
    .join('/');
}

export function objectKey(dataset: Dataset, epochMs: number, uuid: string): string {
  return `${dataset.name}/${partitionPath(dataset, epochMs)}/part-00000-${uuid}.c000.json`;
}

export function jsonLines(drafts: readonly Draft<unknown>[]): Buffer {
  return Buffer.from(drafts.map((draft) => `${JSON.stringify(draft.raw)}\n`).join(''), 'utf8');
}

function batchWindowMs(dataset: Dataset): number {
  if (dataset.arrival === 'batch') return 24 * 60 * MINUTE_MS;
  const hourly = dataset.partitionKeys.some((key) => key.name === 'hour');
  return (hourly ? BATCH_MINUTES.hourly : BATCH_MINUTES.daily) * MINUTE_MS;
}

/**
 * The objects holding `drafts`: grouped by batch window (aligned to the day, so a window never
 * spans two partitions), each named with a UUID from `keys`. Empty windows write nothing.
 * `windowMs` defaults to the streaming job's window for the dataset; a day gives one file per
 * day, as a backfill arrives.
 */
export function microBatches<T>(
  dataset: Dataset,
  drafts: readonly Draft<T>[],
  dayStartMs: number,
  keys: Random,
  windowMs = batchWindowMs(dataset),
): DraftObject<T>[] {
  const windows = new Map<number, Draft<T>[]>();
  for (const draft of [...drafts].sort((a, b) => a.time - b.time)) {
    const window = Math.floor((draft.time - dayStartMs) / windowMs);
    const batch = windows.get(window);
    if (batch === undefined) windows.set(window, [draft]);
    else batch.push(draft);
  }
  return [...windows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([window, batch]) => ({
      dataset: dataset.name,
      key: objectKey(dataset, dayStartMs + window * windowMs, keys.uuid()),
      body: jsonLines(batch),
      drafts: batch,
    }));
}

/**
 * A micro-batch written a second time, as a streaming job does when it fails after writing and
 * reruns the batch: the same records under a new file name in the same partition.
 */
export function replayOf<T>(original: DraftObject<T>, keys: Random): DraftObject<T> {
  const folder = original.key.slice(0, original.key.lastIndexOf('/'));
  return { ...original, key: `${folder}/part-00000-${keys.uuid()}.c000.json` };
}

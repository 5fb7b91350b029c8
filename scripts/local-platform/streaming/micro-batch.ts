/**
 * The local streaming job's micro-batches, made exactly once on top of Kafka's committed offsets.
 * Before a batch's files are written, the job commits each partition's *start* offset again with
 * the batch's end and time in the commit's metadata (a write-ahead record, as Spark's offset log
 * is); after the files are written it commits the ends. A job that dies in between finds the
 * record when it starts, and writes that very batch again: the same records, the same time, so
 * the same file names and bytes, which replace what the dead job wrote. Nothing is lost (nothing
 * was committed past the files) and nothing is doubled (the files are replaced, not added to).
 */
import { createHash } from 'node:crypto';

/** A record as fetched: its partition and offset, its value, and when it was produced. */
export interface FetchedRecord {
  readonly partition: number;
  readonly offset: number;
  readonly value: string;
  /** The record's timestamp (the producer's CreateTime), ms since the epoch. */
  readonly producedAt: number;
}

/** A batch in flight: each partition's offsets [start, end), and the batch's time. */
export interface PendingBatch {
  readonly ranges: ReadonlyMap<number, { readonly start: number; readonly end: number }>;
  /** The job's clock for the batch (rejection times, the rejections' day folder). */
  readonly at: Date;
}

interface WriteAheadRecord {
  readonly end: number;
  readonly at: string;
}

/** The commit metadata that announces a batch: `{"end":…,"at":"…"}`. */
export function writeAheadMetadata(end: number, at: Date): string {
  return JSON.stringify({ end, at: at.toISOString() } satisfies WriteAheadRecord);
}

/**
 * The batch a dead job left announced, from each partition's committed offset and metadata;
 * undefined when none was (every metadata empty or not a write-ahead record).
 */
export function announcedBatch(
  committed: readonly { partition: number; offset: number; metadata: string | null }[],
): PendingBatch | undefined {
  const ranges = new Map<number, { start: number; end: number }>();
  let at: Date | undefined;
  for (const { partition, offset, metadata } of committed) {
    const record = parseWriteAhead(metadata);
    if (!record || offset < 0 || record.end <= offset) continue;
    ranges.set(partition, { start: offset, end: record.end });
    at ??= new Date(record.at);
  }
  return at && ranges.size > 0 ? { ranges, at } : undefined;
}

function parseWriteAhead(metadata: string | null): WriteAheadRecord | undefined {
  if (!metadata) return undefined;
  try {
    const record = JSON.parse(metadata) as Partial<WriteAheadRecord>;
    if (!Number.isInteger(record.end) || typeof record.at !== 'string') return undefined;
    if (Number.isNaN(Date.parse(record.at))) return undefined;
    return { end: record.end!, at: record.at };
  } catch {
    return undefined;
  }
}

/** What the deciding process answered for one record. */
export type Placement = { readonly partition: string } | { readonly rejected: string };

export interface BatchFile {
  readonly key: string;
  readonly body: Buffer;
  readonly records: readonly FetchedRecord[];
}

/**
 * The files of a batch: one per raw partition the records fall in, and one for the rejections,
 * under `_rejected/<dataset>/day=<batch day>/`, as the streaming job lays them out. Records keep
 * their partition and offset order, and every name comes from the batch itself (the topic, the
 * ranges, the folder), so the same batch always gives the same files.
 */
export function batchFiles(
  topic: string,
  dataset: string,
  batch: PendingBatch,
  records: readonly FetchedRecord[],
  placements: readonly Placement[],
): BatchFile[] {
  if (records.length !== placements.length)
    throw new Error(`${records.length} records but ${placements.length} placements`);
  const ordered = records
    .map((record, index) => ({ record, placement: placements[index]! }))
    .sort((a, b) => a.record.partition - b.record.partition || a.record.offset - b.record.offset);
  const folders = new Map<string, { lines: string[]; records: FetchedRecord[] }>();
  const rejectedFolder = `_rejected/${dataset}/day=${batch.at.toISOString().slice(0, 10)}`;
  for (const { record, placement } of ordered) {
    const folder = 'partition' in placement ? `${dataset}/${placement.partition}` : rejectedFolder;
    const line = 'partition' in placement ? record.value : placement.rejected;
    const entry = folders.get(folder) ?? { lines: [], records: [] };
    entry.lines.push(line);
    entry.records.push(record);
    folders.set(folder, entry);
  }
  const identity = batchIdentity(batch);
  return [...folders].map(([folder, { lines, records: held }]) => ({
    key: `${folder}/part-00000-${nameUuid(`${topic}|${identity}|${folder}`)}.c000.json`,
    body: Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8'),
    records: held,
  }));
}

/** What tells a batch from any other: its offset ranges, `partition:start-end,…`. */
export function batchIdentity(batch: PendingBatch): string {
  return [...batch.ranges]
    .sort(([a], [b]) => a - b)
    .map(([partition, { start, end }]) => `${partition}:${start}-${end}`)
    .join(',');
}

/** A UUID-shaped name derived from `text` (version 8: custom, RFC 9562). */
export function nameUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, 32).split('');
  hex[12] = '8';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const joined = hex.join('');
  return `${joined.slice(0, 8)}-${joined.slice(8, 12)}-${joined.slice(12, 16)}-${joined.slice(16, 20)}-${joined.slice(20)}`;
}

/**
 * Appended-but-unflushed data of a file. Append Data may arrive out of order (the SDKs upload
 * chunks in parallel, each at its own position), so the data is kept as ranges keyed by
 * position; Flush Data then requires them to be contiguous from the committed length to the
 * flush position. Staging is O(1) per append; the bytes are joined once, at flush (joining on
 * every append would copy a large file's pending data over and over).
 */
import { AzureError } from '../azure-error';
import type { PathEntry } from '../namespace';
import { sharedBytes } from '../../core/shared-bytes';

const staged = new WeakMap<PathEntry, Map<number, Buffer>>();

export function invalidFlushPosition(): AzureError {
  return new AzureError(
    'InvalidFlushPosition',
    'The uploaded data is not contiguous or the position query parameter value is not equal to the length of the file after appending the uploaded data.',
    400,
  );
}

/** Stages `data` at `position`; a repeated append at one position (a retry) replaces it. */
export function stageAppend(entry: PathEntry, position: number, data: Buffer): void {
  // Data can only be appended: what is already flushed cannot be written again.
  if (position < entry.content.length) throw invalidFlushPosition();
  let ranges = staged.get(entry);
  if (!ranges) {
    ranges = new Map();
    staged.set(entry, ranges);
  }
  if (data.length > 0) ranges.set(position, data);
}

/**
 * Commits the staged data up to `position`: it must be contiguous from the committed length
 * and reach exactly that far. Data beyond is kept when `retain`, dropped otherwise.
 */
export function commitAppends(entry: PathEntry, position: number, retain: boolean): Buffer {
  const ranges = staged.get(entry) ?? new Map<number, Buffer>();
  const start = entry.content.length;
  if (position < start) throw invalidFlushPosition();
  const run = contiguousRun(entry, ranges);
  if (start + run.length < position) throw invalidFlushPosition();
  const flushed = Buffer.concat([entry.content, ...run.parts], position);
  const kept = new Map<number, Buffer>();
  if (retain) {
    for (const [at, data] of ranges) {
      if (at >= position) kept.set(at, data);
      else if (at + data.length > position) kept.set(position, data.subarray(position - at));
    }
  }
  staged.set(entry, kept);
  entry.content = sharedBytes(flushed);
  return entry.content;
}

/** Forgets every staged append (the file was truncated or replaced). */
export function discardAppends(entry: PathEntry): void {
  staged.delete(entry);
}

/** The staged parts that follow the committed content without a gap, in order, and their length. */
function contiguousRun(
  entry: PathEntry,
  ranges: Map<number, Buffer>,
): { parts: Buffer[]; length: number } {
  const parts: Buffer[] = [];
  let cursor = entry.content.length;
  for (;;) {
    const next = ranges.get(cursor);
    if (next === undefined || next.length === 0) break;
    parts.push(next);
    cursor += next.length;
  }
  return { parts, length: cursor - entry.content.length };
}

/**
 * Streaming fallback: the bytes pass through the function. The object is cut into consecutive
 * ranges of `blockSize` bytes; each range is one ranged GET of the exact source version piped
 * into one Append Data at the range's position, `concurrency` ranges at a time. ADLS takes
 * appends at distinct positions in any order and commits them only with a flush at the end of
 * contiguous data (docs/decisions.md, "Streaming copy: ranged GETs into concurrent appends").
 * No range is buffered: every append body is the GET's stream, so memory stays at stream-buffer
 * size per range in flight whatever the object's size.
 *
 * When S3 vouches for the object's MD5, the MD5 of the streamed bytes is computed on the way, in
 * the object's order (`OrderedDigest`), and checked against it; hashing costs a core's worth of
 * time at these rates, so it is not spent where there is nothing to compare with. Flush commits
 * only after the byte count (and MD5) have been checked, at exactly the source's size: a service
 * holding any other number of contiguous appended bytes refuses it, so its ETag names a verified
 * copy. Until then nothing is visible: appended data is uncommitted, in a temporary path.
 */
import type { Readable } from 'node:stream';
import type { PathHttpHeaders } from '@azure/storage-file-datalake';
import type { AzureClients } from './adls-target';
import { splitRanges, type ByteRange } from './block-plan';
import { ByteReader } from './byte-reader';
import { forEachInWindow } from '../shared/concurrency';
import { SourceChangedError, VerificationError } from './errors';
import { OrderedDigest } from './ordered-digest';
import type { SourceObject } from './source';
import type { Tracing } from './tracing';

/**
 * Bytes the MD5 may hold back while a range is slower than those after it: the window of ranges
 * in flight is narrowed so that `(window - 1) × blockSize` stays within it, whatever the settings.
 */
export const MAX_HELD_FOR_DIGEST_BYTES = 64 * 1024 * 1024;

export interface StreamingCopyInput {
  readonly clients: AzureClients;
  readonly fileSystem: string;
  readonly tempPath: string;
  readonly source: SourceObject;
  /** One byte range of the source version. */
  readonly openRange: (range: ByteRange) => Promise<Readable>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly blockSizeBytes: number;
  /** Ranges (a GET and its Append Data each) in flight at once. */
  readonly concurrency: number;
  readonly tracing: Tracing;
}

export interface StreamingCopyResult {
  readonly bytes: number;
  /** ETag of the flushed temporary file: the rename's source condition. */
  readonly etag: string;
}

/** How many ranges may be in flight: the setting, narrowed when the MD5 holds bytes back. */
export function streamingWindow(
  concurrency: number,
  blockSizeBytes: number,
  hashing: boolean,
): number {
  if (!hashing) return Math.max(1, concurrency);
  const heldRanges = Math.floor(MAX_HELD_FOR_DIGEST_BYTES / blockSizeBytes);
  return Math.max(1, Math.min(concurrency, heldRanges + 1));
}

export async function copyStreaming(input: StreamingCopyInput): Promise<StreamingCopyResult> {
  const { source, tracing } = input;
  const file = input.clients.dataLake
    .getFileSystemClient(input.fileSystem)
    .getFileClient(input.tempPath);
  const contentHeaders: PathHttpHeaders =
    source.contentType !== undefined ? { contentType: source.contentType } : {};
  const ranges = splitRanges(source.size, input.blockSizeBytes);
  const digest = source.md5 ? new OrderedDigest() : undefined;
  let bytes = 0;

  // Create Path and the first GETs are independent: the GETs go out at once, and each append
  // waits for the path. Re-creating truncates whatever an earlier attempt left, including
  // uncommitted appends.
  const created = tracing.span('ADLS CreatePath', () =>
    file.create({ metadata: { ...input.metadata }, pathHttpHeaders: contentHeaders }),
  );
  // Awaited by every append and below; this only keeps a failure from going unhandled when
  // every GET failed before an append could wait for it.
  created.catch(() => undefined);

  const copyRange = async (range: ByteRange): Promise<void> => {
    const body = await tracing.span('S3 GetObject', () => input.openRange(range));
    try {
      await created;
      const reader = new ByteReader(body, `Range ${range.offset}+${range.count} of ${source.key}`);
      const part = reader.take(range.count, (chunk) => {
        digest?.update(range.index, chunk);
        bytes += chunk.length;
      });
      await tracing.span('ADLS AppendData', () =>
        file.append(onceOnly(part), range.offset, range.count),
      );
      if (!(await reader.exhausted()))
        throw new SourceChangedError(`${source.key} sent more than ${range.count} bytes`);
      digest?.end(range.index);
    } finally {
      body.destroy();
    }
  };
  await forEachInWindow(
    ranges,
    streamingWindow(input.concurrency, input.blockSizeBytes, digest !== undefined),
    copyRange,
  );
  await created;

  const md5 = digest?.digest();
  if (bytes !== source.size) {
    throw new VerificationError(
      `Streamed ${bytes} bytes of ${source.key}, expected ${source.size}`,
    );
  }
  if (source.md5 && md5 && !source.md5.equals(md5)) {
    throw new VerificationError(
      `MD5 of the bytes streamed from ${source.key} does not match its ETag`,
    );
  }
  const flushed = await tracing.span('ADLS FlushData', () =>
    file.flush(source.size, {
      close: true,
      pathHttpHeaders: { ...contentHeaders, ...(md5 && { contentMD5: new Uint8Array(md5) }) },
    }),
  );
  if (!flushed.etag) throw new VerificationError(`Flush of ${input.tempPath} returned no ETag`);
  return { bytes, etag: flushed.etag };
}

/**
 * A streamed append body cannot be sent twice: an SDK-level retry after a partial send must
 * fail rather than append other bytes, and the record is then retried from the start (the
 * temporary file is re-created).
 */
function onceOnly(part: Readable): () => Readable {
  let used = false;
  return () => {
    if (used)
      throw new SourceChangedError('A streamed append cannot be replayed; the copy restarts');
    used = true;
    return part;
  };
}

/**
 * Streaming fallback: the bytes pass through the function. One GET of the exact source version
 * is piped, in order, into consecutive Append Data requests of `blockSize` bytes each: every
 * append body is a stream cut from the GET, so memory stays at stream-buffer size whatever the
 * object's or block's size. When S3 vouches for the object's MD5, the MD5 of the streamed bytes
 * is computed on the way and checked against it (hashing costs a core's worth of time at these
 * rates, so it is not spent where there is nothing to compare with). Flush commits only after
 * the byte count (and MD5) have been checked, at exactly the source's size: a service holding
 * any other number of appended bytes refuses it, so its ETag names a verified copy.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { PathHttpHeaders } from '@azure/storage-file-datalake';
import type { AzureClients } from './adls-target';
import { splitRanges } from './block-plan';
import { ByteReader } from './byte-reader';
import { SourceChangedError, VerificationError } from './errors';
import type { SourceObject } from './source';
import type { Tracing } from './tracing';

export interface StreamingCopyInput {
  readonly clients: AzureClients;
  readonly fileSystem: string;
  readonly tempPath: string;
  readonly source: SourceObject;
  /** The source version's bytes, from the first. */
  readonly openSource: () => Promise<Readable>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly blockSizeBytes: number;
  readonly tracing: Tracing;
}

export interface StreamingCopyResult {
  readonly bytes: number;
  /** ETag of the flushed temporary file: the rename's source condition. */
  readonly etag: string;
}

export async function copyStreaming(input: StreamingCopyInput): Promise<StreamingCopyResult> {
  const { source, tracing } = input;
  const file = input.clients.dataLake
    .getFileSystemClient(input.fileSystem)
    .getFileClient(input.tempPath);
  const contentHeaders: PathHttpHeaders =
    source.contentType !== undefined ? { contentType: source.contentType } : {};
  const ranges = splitRanges(source.size, input.blockSizeBytes);
  // Create Path and the GET are independent: sent side by side, they cost one round trip.
  // Re-creating truncates whatever an earlier attempt left, including uncommitted appends.
  const [created, opened] = await Promise.allSettled([
    tracing.span('ADLS CreatePath', () =>
      file.create({ metadata: { ...input.metadata }, pathHttpHeaders: contentHeaders }),
    ),
    ranges.length > 0 ? tracing.span('S3 GetObject', () => input.openSource()) : undefined,
  ]);
  if (created.status === 'rejected') {
    if (opened.status === 'fulfilled') opened.value?.destroy();
    throw created.reason;
  }
  if (opened.status === 'rejected') throw opened.reason;

  const hash = source.md5 ? createHash('md5') : undefined;
  let bytes = 0;
  const body = opened.value;
  if (body !== undefined) {
    const reader = new ByteReader(body, `Source ${source.key}`);
    try {
      for (const range of ranges) {
        const part = reader.take(range.count, (chunk) => {
          hash?.update(chunk);
          bytes += chunk.length;
        });
        await tracing.span('ADLS AppendData', () =>
          file.append(onceOnly(part), range.offset, range.count),
        );
      }
      if (!(await reader.exhausted())) {
        throw new SourceChangedError(
          `Source ${source.key} is longer than its ${source.size} bytes`,
        );
      }
    } finally {
      body.destroy();
    }
  }

  const md5 = hash?.digest();
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

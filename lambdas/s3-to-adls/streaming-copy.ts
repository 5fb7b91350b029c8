/**
 * Streaming fallback: the bytes pass through the function. One GET of the exact source version
 * is piped, in order, into consecutive Append Data requests of `blockSize` bytes each: every
 * append body is a stream cut from the GET, so memory stays at stream-buffer size whatever the
 * object's or block's size, and the MD5 of the whole object is computed on the way. Flush
 * commits only after size and MD5 have been checked.
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
  readonly md5: Buffer;
}

export async function copyStreaming(input: StreamingCopyInput): Promise<StreamingCopyResult> {
  const { source, tracing } = input;
  const file = input.clients.dataLake
    .getFileSystemClient(input.fileSystem)
    .getFileClient(input.tempPath);
  const contentHeaders: PathHttpHeaders =
    source.contentType !== undefined ? { contentType: source.contentType } : {};
  // Re-creating truncates whatever an earlier attempt left, including uncommitted appends.
  await tracing.span('ADLS CreatePath', () =>
    file.create({ metadata: { ...input.metadata }, pathHttpHeaders: contentHeaders }),
  );

  const hash = createHash('md5');
  let bytes = 0;
  const ranges = splitRanges(source.size, input.blockSizeBytes);
  if (ranges.length > 0) {
    const body = await tracing.span('S3 GetObject', () => input.openSource());
    const reader = new ByteReader(body, `Source ${source.key}`);
    try {
      for (const range of ranges) {
        const part = reader.take(range.count, (chunk) => {
          hash.update(chunk);
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

  const md5 = hash.digest();
  if (bytes !== source.size) {
    throw new VerificationError(
      `Streamed ${bytes} bytes of ${source.key}, expected ${source.size}`,
    );
  }
  if (source.md5 && !source.md5.equals(md5)) {
    throw new VerificationError(
      `MD5 of the bytes streamed from ${source.key} does not match its ETag`,
    );
  }
  await tracing.span('ADLS FlushData', () =>
    file.flush(source.size, {
      close: true,
      pathHttpHeaders: { ...contentHeaders, contentMD5: new Uint8Array(md5) },
    }),
  );
  return { bytes, md5 };
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

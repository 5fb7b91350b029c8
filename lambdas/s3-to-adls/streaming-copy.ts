/**
 * Streaming fallback: the bytes pass through the function. Ranged S3 GETs are appended to the
 * temporary file at their positions, at most `concurrency` ranges at once, so memory stays below
 * `concurrency × blockSize` whatever the object's size. The MD5 of the whole object is computed
 * on the way (ranges are hashed in order; a range waits for its predecessors before it is
 * hashed, and a new range starts only when a slot frees) and checked before the flush commits.
 */
import { createHash } from 'node:crypto';
import type { PathHttpHeaders } from '@azure/storage-file-datalake';
import type { AzureClients } from './adls-target';
import { splitRanges, type ByteRange } from './block-plan';
import { forEachConcurrently } from './concurrency';
import { VerificationError } from './errors';
import type { SourceObject } from './source';
import type { Tracing } from './tracing';

export interface StreamingCopyInput {
  readonly clients: AzureClients;
  readonly fileSystem: string;
  readonly tempPath: string;
  readonly source: SourceObject;
  readonly readRange: (range: ByteRange) => Promise<Buffer>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly blockSizeBytes: number;
  readonly concurrency: number;
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

  const ranges = splitRanges(source.size, input.blockSizeBytes);
  const hash = createHash('md5');
  const hashed = ranges.map(() => deferred());
  let bytes = 0;
  await forEachConcurrently(ranges, input.concurrency, async (range) => {
    const turn = hashed[range.index];
    let chunk: Buffer;
    try {
      chunk = await tracing.span('S3 GetObject range', () => input.readRange(range));
      if (range.index > 0) await hashed[range.index - 1]?.promise;
    } catch (error) {
      // Successors wait for this range's turn: release them with the failure.
      turn?.reject(error);
      throw error;
    }
    hash.update(chunk);
    bytes += chunk.length;
    turn?.resolve();
    await tracing.span('ADLS AppendData', () =>
      file.append(chunk, range.offset, chunk.length, {
        transactionalContentMD5: createHash('md5').update(chunk).digest(),
      }),
    );
  });

  const md5 = hash.digest();
  if (bytes !== source.size)
    throw new VerificationError(
      `Streamed ${bytes} bytes of ${source.key}, expected ${source.size}`,
    );
  if (source.md5 && !source.md5.equals(md5))
    throw new VerificationError(
      `MD5 of the bytes streamed from ${source.key} does not match its ETag`,
    );
  await tracing.span('ADLS FlushData', () =>
    file.flush(source.size, {
      close: true,
      pathHttpHeaders: { ...contentHeaders, contentMD5: new Uint8Array(md5) },
    }),
  );
  return { bytes, md5 };
}

interface Turn {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function deferred(): Turn {
  let resolve: () => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<void>((done, fail) => {
    resolve = done;
    reject = fail;
  });
  // A failure nobody waits for is reported by the task that caused it, not as unhandled.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

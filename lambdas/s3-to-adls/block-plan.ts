/**
 * How an object is cut into blocks (server-side copy) or ranges (streaming), and the block ids.
 * Block ids are deterministic: derived from the source version/ETag, its size, the block size and
 * the block index, so a retry of the same object finds the blocks an earlier attempt staged and
 * stages only the missing ones. Azure requires every id of a blob to have the same length.
 */
import { createHash } from 'node:crypto';

export const MIB = 1024 * 1024;
/** Put Blob From URL's documented maximum source size. */
export const PUT_BLOB_FROM_URL_MAX_BYTES = 5000 * MIB;
/** Put Block List accepts at most this many blocks. */
export const MAX_BLOCKS = 50_000;

export interface ByteRange {
  readonly index: number;
  readonly offset: number;
  /** Bytes in the range (> 0). */
  readonly count: number;
}

/** Consecutive ranges covering `size` bytes; none for an empty object. */
export function splitRanges(size: number, blockSize: number): ByteRange[] {
  const ranges: ByteRange[] = [];
  for (let offset = 0, index = 0; offset < size; offset += blockSize, index += 1) {
    ranges.push({ index, offset, count: Math.min(blockSize, size - offset) });
  }
  return ranges;
}

export interface BlockIdSource {
  /** Version id when the bucket is versioned, else undefined. */
  readonly versionId?: string;
  readonly etag: string;
  readonly size: number;
}

/**
 * Base64 of `<32 hex chars of SHA-256 over the source identity and block size>-<index, 6 digits>`:
 * 39 bytes for every block (Azure allows up to 64), and a different block size or source version
 * never reuses another attempt's blocks.
 */
export function blockId(source: BlockIdSource, blockSize: number, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= MAX_BLOCKS)
    throw new RangeError(`Block index ${index} is outside 0..${MAX_BLOCKS - 1}`);
  const identity = createHash('sha256')
    .update(JSON.stringify([source.versionId ?? '', source.etag, source.size, blockSize]))
    .digest('hex')
    .slice(0, 32);
  return Buffer.from(`${identity}-${String(index).padStart(6, '0')}`).toString('base64');
}

export type CopyPlan =
  | { readonly method: 'put-blob-from-url' }
  | {
      readonly method: 'blocks';
      readonly blocks: readonly (ByteRange & { readonly id: string })[];
    };

/**
 * Put Blob From URL (one request, Azure verifies the MD5) up to `singleRequestMaxBytes`;
 * above it parallel Put Block From URL. The threshold is a parameter so tests can force the block
 * path on small objects.
 */
export function planServerSideCopy(
  source: BlockIdSource,
  blockSize: number,
  singleRequestMaxBytes: number = PUT_BLOB_FROM_URL_MAX_BYTES,
): CopyPlan {
  if (source.size <= Math.min(singleRequestMaxBytes, PUT_BLOB_FROM_URL_MAX_BYTES))
    return { method: 'put-blob-from-url' };
  const ranges = splitRanges(source.size, blockSize);
  if (ranges.length > MAX_BLOCKS)
    throw new RangeError(
      `${source.size} bytes need ${ranges.length} blocks of ${blockSize}; Azure allows ${MAX_BLOCKS}`,
    );
  return {
    method: 'blocks',
    blocks: ranges.map((range) => ({ ...range, id: blockId(source, blockSize, range.index) })),
  };
}

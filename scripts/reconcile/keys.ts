/**
 * The one key order every part of the reconciliation uses: UTF-8 byte order, which is how S3
 * general purpose buckets list. JavaScript's `<` compares UTF-16 code units, which disagrees with
 * UTF-8 for characters above U+FFFF against U+E000–U+FFFF, so keys are compared by code point
 * (for valid Unicode, code point order is UTF-8 byte order).
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left === right) continue;
    // Same surrogate state on both sides means code unit order equals code point order.
    const leftSurrogate = left >= 0xd800 && left <= 0xdfff;
    const rightSurrogate = right >= 0xd800 && right <= 0xdfff;
    if (leftSurrogate === rightSurrogate) return left - right;
    return leftSurrogate ? 1 : -1;
  }
  return a.length - b.length;
}

/**
 * Names of the ADLS metadata in which the transfer records what it copied: the transfer's own
 * constants, so the two cannot drift apart.
 */
export {
  SOURCE_ETAG as SOURCE_ETAG_METADATA,
  SOURCE_VERSION_ID as SOURCE_VERSION_ID_METADATA,
} from '../../lambdas/s3-to-adls/metadata';

/** An S3 object as the reconciliation sees it: the current version of one key. */
export interface S3Entry {
  readonly key: string;
  readonly size: number;
  /** Without the quotes S3 puts around it. */
  readonly etag: string;
  /** `null` in a bucket that was never versioned, as S3 reports it. */
  readonly versionId: string;
}

/** A file in the ADLS file system, with what the transfer recorded about its source. */
export interface AdlsEntry {
  readonly key: string;
  readonly size: number;
  /** Hex Content-MD5, when the file has one. */
  readonly md5?: string;
  readonly sourceVersionId?: string;
  readonly sourceEtag?: string;
}

/** S3 wraps ETags in double quotes; metadata written by hand may or may not. */
export function unquoteEtag(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

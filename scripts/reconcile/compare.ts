/**
 * The rules that decide whether an ADLS file is a faithful copy of its S3 object. Pure: the
 * listings supply everything, so no per-object request is made.
 */
import {
  SOURCE_ETAG_METADATA,
  SOURCE_VERSION_ID_METADATA,
  unquoteEtag,
  type AdlsEntry,
  type S3Entry,
} from './keys';

export const DRIFT_FIELDS = [
  'size',
  SOURCE_VERSION_ID_METADATA,
  SOURCE_ETAG_METADATA,
  'md5',
] as const;
export type DriftField = (typeof DRIFT_FIELDS)[number];

/** One field that differs, with both sides' values as text. */
export interface FieldMismatch {
  readonly field: DriftField;
  readonly s3: string;
  readonly adls: string;
}

export interface CompareRules {
  /**
   * Treat a single-part S3 ETag as the object's MD5. True only for objects stored with SSE-S3
   * or unencrypted; under SSE-KMS (every platform bucket) the ETag is not an MD5.
   * @default false
   */
  readonly s3EtagIsMd5?: boolean;
}

/** Shown when the transfer's metadata is absent: the file was not written by the transfer. */
export const NOT_RECORDED = '(not recorded)';

const PLAIN_MD5_ETAG = /^[0-9a-f]{32}$/i;

export function compareEntries(
  s3: S3Entry,
  adls: AdlsEntry,
  rules: CompareRules = {},
): FieldMismatch[] {
  const s3EtagIsMd5 = rules.s3EtagIsMd5 ?? false;
  const mismatches: FieldMismatch[] = [];
  if (s3.size !== adls.size) {
    mismatches.push({ field: 'size', s3: String(s3.size), adls: String(adls.size) });
  }
  // An unversioned bucket reports version "null" for every object: nothing to compare then,
  // and the ETag below still catches an overwrite.
  if (s3.versionId !== 'null' && adls.sourceVersionId !== s3.versionId) {
    mismatches.push({
      field: SOURCE_VERSION_ID_METADATA,
      s3: s3.versionId,
      adls: adls.sourceVersionId ?? NOT_RECORDED,
    });
  }
  const s3Etag = unquoteEtag(s3.etag);
  const recordedEtag = adls.sourceEtag === undefined ? undefined : unquoteEtag(adls.sourceEtag);
  if (recordedEtag !== s3Etag) {
    mismatches.push({
      field: SOURCE_ETAG_METADATA,
      s3: s3Etag,
      adls: recordedEtag ?? NOT_RECORDED,
    });
  }
  // Multipart ETags (`…-<parts>`) are not an MD5 of the bytes; neither is a KMS object's.
  if (s3EtagIsMd5 && PLAIN_MD5_ETAG.test(s3Etag) && adls.md5 !== undefined) {
    if (s3Etag.toLowerCase() !== adls.md5.toLowerCase()) {
      mismatches.push({ field: 'md5', s3: s3Etag.toLowerCase(), adls: adls.md5.toLowerCase() });
    }
  }
  return mismatches;
}

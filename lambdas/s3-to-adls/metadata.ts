/**
 * Target metadata: what the transfer records about its source (for idempotency) and the
 * source's user metadata, renamed to Azure's rules. Azure metadata names must be C#
 * identifiers and values travel as HTTP header values (ASCII); S3 user metadata allows dashes
 * and dots in names and (RFC 2047 or raw) UTF-8 in values.
 */

export const SOURCE_VERSION_ID = 'source_version_id';
export const SOURCE_ETAG = 'source_etag';
export const SOURCE_SEQUENCER = 'source_sequencer';
export const SOURCE_BUCKET = 'source_bucket';
/** Prefix of the source's user metadata, so it can never collide with the `source_*` fields. */
export const USER_METADATA_PREFIX = 's3_';

/** What an earlier transfer recorded on the target. */
export interface RecordedSource {
  readonly versionId?: string;
  readonly etag?: string;
  readonly sequencer?: string;
}

/** `Content-Type` → `s3_content_type`: lower-case, non-identifier characters become `_`. */
export function sanitizeMetadataName(name: string): string {
  return `${USER_METADATA_PREFIX}${name.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`;
}

/** Printable ASCII stays; anything else is percent-encoded (UTF-8), so nothing is lost. */
export function sanitizeMetadataValue(value: string): string {
  return value.replace(/[^\x20-\x7e]|%/gu, (character) => encodeURIComponent(character));
}

export interface SourceMetadataInput {
  readonly bucket: string;
  readonly versionId?: string;
  readonly etag: string;
  readonly sequencer?: string;
  readonly userMetadata?: Readonly<Record<string, string>>;
}

/** The metadata written on the target. Colliding sanitised names get `_2`, `_3`, … in key order. */
export function targetMetadata(input: SourceMetadataInput): Record<string, string> {
  const result: Record<string, string> = {};
  const names = Object.keys(input.userMetadata ?? {}).sort();
  for (const name of names) {
    const base = sanitizeMetadataName(name);
    let candidate = base;
    for (let suffix = 2; candidate in result; suffix += 1) candidate = `${base}_${suffix}`;
    result[candidate] = sanitizeMetadataValue(input.userMetadata?.[name] ?? '');
  }
  result[SOURCE_BUCKET] = input.bucket;
  result[SOURCE_ETAG] = input.etag;
  if (input.versionId !== undefined) result[SOURCE_VERSION_ID] = input.versionId;
  if (input.sequencer !== undefined) result[SOURCE_SEQUENCER] = input.sequencer;
  return result;
}

/** Reads the `source_*` fields back (metadata names arrive lower-cased from some endpoints). */
export function recordedSource(
  metadata: Readonly<Record<string, string>> | undefined,
): RecordedSource {
  const lower = new Map(
    Object.entries(metadata ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const versionId = lower.get(SOURCE_VERSION_ID);
  const etag = lower.get(SOURCE_ETAG);
  const sequencer = lower.get(SOURCE_SEQUENCER);
  return {
    ...(versionId !== undefined && { versionId }),
    ...(etag !== undefined && { etag }),
    ...(sequencer !== undefined && { sequencer }),
  };
}

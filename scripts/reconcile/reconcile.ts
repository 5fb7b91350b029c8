/**
 * The core: merges the two ordered listings and sorts each key into matched, missing, extra or
 * mismatched. Counts and bytes cover everything; only the first `limit` keys of each category
 * are kept, so the result is as small as the listings are large.
 */
import { compareEntries, type CompareRules, type DriftField, type FieldMismatch } from './compare';
import type { AdlsEntry, S3Entry } from './keys';
import { SortedMerge } from './merge';

export interface SizedKey {
  readonly key: string;
  readonly size: number;
}

export interface MismatchedKey {
  readonly key: string;
  readonly mismatches: readonly FieldMismatch[];
}

export interface Tally {
  count: number;
  bytes: number;
}

export interface DriftSummary {
  readonly s3: Tally;
  readonly adls: Tally;
  readonly matched: Tally;
  /** In S3, not in ADLS (bytes: the S3 size). */
  readonly missing: Tally;
  /** In ADLS, not in S3 (bytes: the ADLS size). */
  readonly extra: Tally;
  /** On both sides but different (bytes: the S3 size). */
  readonly mismatched: Tally;
  /** How many keys differ in each field (a key may differ in several). */
  readonly mismatchedFields: Record<DriftField, number>;
  /** The first `limit` keys of each category, in key order. */
  readonly samples: {
    readonly missing: SizedKey[];
    readonly extra: SizedKey[];
    readonly mismatched: MismatchedKey[];
  };
  readonly limit: number;
}

export interface ReconcileOptions extends CompareRules {
  /** Keys kept per category for the report. @default 20 */
  readonly limit?: number;
}

export function hasDrift(summary: DriftSummary): boolean {
  return summary.missing.count + summary.extra.count + summary.mismatched.count > 0;
}

export async function reconcileListings(
  s3Objects: AsyncIterable<S3Entry>,
  adlsFiles: AsyncIterable<AdlsEntry>,
  options: ReconcileOptions = {},
): Promise<DriftSummary> {
  const limit = options.limit ?? 20;
  const tally = (): Tally => ({ count: 0, bytes: 0 });
  const summary: DriftSummary = {
    s3: tally(),
    adls: tally(),
    matched: tally(),
    missing: tally(),
    extra: tally(),
    mismatched: tally(),
    mismatchedFields: { size: 0, source_version_id: 0, source_etag: 0, md5: 0 },
    samples: { missing: [], extra: [], mismatched: [] },
    limit,
  };
  const add = (target: Tally, size: number) => {
    target.count++;
    target.bytes += size;
  };
  const merge = new SortedMerge(s3Objects, adlsFiles, { left: 'S3', right: 'ADLS' });
  for await (const { key, left: s3, right: adls } of merge) {
    if (s3) add(summary.s3, s3.size);
    if (adls) add(summary.adls, adls.size);
    if (s3 && !adls) {
      add(summary.missing, s3.size);
      if (summary.samples.missing.length < limit)
        summary.samples.missing.push({ key, size: s3.size });
    } else if (adls && !s3) {
      add(summary.extra, adls.size);
      if (summary.samples.extra.length < limit)
        summary.samples.extra.push({ key, size: adls.size });
    } else if (s3 && adls) {
      const mismatches = compareEntries(s3, adls, options);
      if (mismatches.length === 0) {
        add(summary.matched, s3.size);
        continue;
      }
      add(summary.mismatched, s3.size);
      for (const mismatch of mismatches) summary.mismatchedFields[mismatch.field]++;
      if (summary.samples.mismatched.length < limit) {
        summary.samples.mismatched.push({ key, mismatches });
      }
    }
  }
  return summary;
}

/** The drift summary as text for people and as JSON for machines. */
import { DRIFT_FIELDS } from './compare';
import { hasDrift, type DriftSummary, type Tally } from './reconcile';
import type { ReconcileTarget } from './targets';

export const REPORT_VERSION = 1;

export function toJsonReport(target: ReconcileTarget, summary: DriftSummary): object {
  return {
    version: REPORT_VERSION,
    drift: hasDrift(summary),
    zone: target.zone,
    bucket: target.bucket,
    fileSystem: target.fileSystem,
    s3Prefixes: target.s3Prefixes,
    adlsPrefix: target.adlsPrefix,
    counts: {
      s3: summary.s3,
      adls: summary.adls,
      matched: summary.matched,
      missing: summary.missing,
      extra: summary.extra,
      mismatched: summary.mismatched,
    },
    mismatchedFields: summary.mismatchedFields,
    limit: summary.limit,
    missing: summary.samples.missing,
    extra: summary.samples.extra,
    mismatched: summary.samples.mismatched,
  };
}

export function formatHumanReport(target: ReconcileTarget, summary: DriftSummary): string {
  const scope =
    target.s3Prefixes.length === 0
      ? '(no mirrored dataset in scope)'
      : target.s3Prefixes.join(', ');
  const lines = [
    `Zone ${target.zone}: s3://${target.bucket} ↔ ADLS file system "${target.fileSystem}"`,
    `  S3 prefixes: ${scope}`,
    `  ADLS prefix: ${target.adlsPrefix === '' ? '(all)' : target.adlsPrefix}`,
    '',
    `  S3 objects   ${tally(summary.s3)}`,
    `  ADLS files   ${tally(summary.adls)}`,
    `  matched      ${tally(summary.matched)}`,
    `  missing      ${tally(summary.missing)}   in S3, not in ADLS`,
    `  extra        ${tally(summary.extra)}   in ADLS, not in S3`,
    `  mismatched   ${tally(summary.mismatched)}`,
  ];
  const fields = DRIFT_FIELDS.filter((field) => summary.mismatchedFields[field] > 0);
  if (fields.length > 0) {
    lines.push(
      `    by field: ${fields.map((field) => `${field} ${summary.mismatchedFields[field]}`).join(', ')}`,
    );
  }
  lines.push('', hasDrift(summary) ? 'DRIFT: the mirror differs from S3.' : 'No drift.');

  const section = (title: string, total: number, rows: string[]) => {
    if (total === 0) return;
    lines.push('', `${title} (${total}):`, ...rows);
    if (total > rows.length) lines.push(`  … and ${total - rows.length} more (--limit, --json)`);
  };
  section(
    'Missing in ADLS',
    summary.missing.count,
    summary.samples.missing.map((item) => `  ${displayKey(item.key)}  ${bytes(item.size)}`),
  );
  section(
    'Extra in ADLS',
    summary.extra.count,
    summary.samples.extra.map((item) => `  ${displayKey(item.key)}  ${bytes(item.size)}`),
  );
  section(
    'Mismatched',
    summary.mismatched.count,
    summary.samples.mismatched.map((item) =>
      [
        `  ${displayKey(item.key)}`,
        ...item.mismatches.map(
          (mismatch) => `      ${mismatch.field}: S3 ${mismatch.s3} ≠ ADLS ${mismatch.adls}`,
        ),
      ].join('\n'),
    ),
  );
  return lines.join('\n');
}

function tally(value: Tally): string {
  return `${value.count.toLocaleString('en-US').padStart(10)}  ${bytes(value.bytes)}`;
}

/** Binary units, as the storage consoles show them. */
export function bytes(count: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${count} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Keys are printed as they are unless invisible characters would hide what they hold. */
export function displayKey(key: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]|^\s|\s$/.test(key) ? JSON.stringify(key) : key;
}

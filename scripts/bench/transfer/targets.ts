/**
 * The transfer's performance targets, checked against one run's measurements. The benchmark
 * reports them; it does not fail on them (a missed target is printed as MISSED).
 */
import { isTransferKind, type CopyMeasurement } from './measurements';

export const TARGETS = {
  /** Streaming throughput over the raw pipe's. */
  minThroughputRatio: 0.8,
  /** Peak RSS of the copying process. */
  maxPeakRssMiB: 200,
  /** "Flat": peak RSS at the largest size at most this many times the one at the smallest. */
  maxRssGrowth: 1.25,
  /** Bytes through the function in server-side mode. */
  serverSideBytesThroughFunction: 0,
} as const;

/** Against the rclone peer, checked only when it ran (rclone on PATH). */
export const PEER_TARGETS = {
  /** Streaming throughput over rclone's, at these sizes. */
  minThroughputRatioToRclone: 1.0,
  sizesMiB: [256, 1024],
} as const;

export interface TargetCheck {
  /** What is required, e.g. "streaming throughput ≥ 0.8× baseline". */
  readonly target: string;
  /** Which measurement, e.g. "256 MiB streaming". */
  readonly subject: string;
  /** The measured figure, formatted. */
  readonly actual: string;
  readonly met: boolean;
}

const isTransfer = (row: CopyMeasurement) => isTransferKind(row.kind);
const subject = (row: CopyMeasurement) => `${row.sizeMiB} MiB ${row.kind}`;

export function evaluateTargets(rows: readonly CopyMeasurement[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of rows.filter((each) => each.kind === 'streaming')) {
    const ratio = row.ratioToBaseline;
    checks.push({
      target: `streaming throughput ≥ ${TARGETS.minThroughputRatio}× baseline`,
      subject: subject(row),
      actual: ratio === undefined ? 'no baseline' : `${ratio.toFixed(2)}×`,
      met: ratio !== undefined && ratio >= TARGETS.minThroughputRatio,
    });
  }
  for (const row of rows.filter(isTransfer)) {
    checks.push({
      target: `peak RSS ≤ ${TARGETS.maxPeakRssMiB} MiB`,
      subject: subject(row),
      actual: `${Math.round(row.peakRssMiB)} MiB`,
      met: row.peakRssMiB <= TARGETS.maxPeakRssMiB,
    });
  }
  for (const kind of ['streaming', 'server-side'] as const) {
    const bySize = rows.filter((row) => row.kind === kind).sort((a, b) => a.sizeMiB - b.sizeMiB);
    const smallest = bySize[0];
    const largest = bySize[bySize.length - 1];
    if (!smallest || !largest || smallest === largest) continue;
    const growth = largest.peakRssMiB / smallest.peakRssMiB;
    checks.push({
      target: `peak RSS flat (≤ ${TARGETS.maxRssGrowth}× from smallest to largest size)`,
      subject: `${kind} ${smallest.sizeMiB} → ${largest.sizeMiB} MiB`,
      actual: `${Math.round(smallest.peakRssMiB)} → ${Math.round(largest.peakRssMiB)} MiB (${growth.toFixed(2)}×)`,
      met: growth <= TARGETS.maxRssGrowth,
    });
  }
  for (const row of rows.filter((each) => each.kind === 'server-side')) {
    checks.push({
      target: `server-side bytes through the function = ${TARGETS.serverSideBytesThroughFunction}`,
      subject: subject(row),
      actual: `${row.bytesThroughFunction ?? 'not reported'} B, function's own S3 GetObject calls: ${row.functionS3GetObject ?? 'not reported'}`,
      met:
        row.bytesThroughFunction === TARGETS.serverSideBytesThroughFunction &&
        row.functionS3GetObject === 0 &&
        row.modeUsed === 'server-side',
    });
  }
  for (const row of rows.filter(isTransfer)) {
    const { adls, perObject, bound } = row.requests;
    checks.push({
      target: 'ADLS requests per object ≤ blocks + 4',
      subject: subject(row),
      actual: `${adls} (bound ${bound ?? 'unknown'}; ${perObject} with the S3 side)`,
      met: bound !== undefined && adls <= bound,
    });
  }
  checks.push(...evaluatePeerTargets(rows));
  return checks;
}

/** Streaming against rclone: at least as fast, and a lower peak RSS, at the sizes that count. */
function evaluatePeerTargets(rows: readonly CopyMeasurement[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const sizes: readonly number[] = PEER_TARGETS.sizesMiB;
  const compared = rows.filter(
    (row) =>
      row.kind === 'streaming' && row.ratioToRclone !== undefined && sizes.includes(row.sizeMiB),
  );
  for (const row of compared) {
    const ratio = row.ratioToRclone ?? 0;
    checks.push({
      target: `streaming throughput ≥ ${PEER_TARGETS.minThroughputRatioToRclone.toFixed(1)}× rclone`,
      subject: subject(row),
      actual: `${ratio.toFixed(2)}×`,
      met: ratio >= PEER_TARGETS.minThroughputRatioToRclone,
    });
    const rssRatio = row.peakRssRatioToRclone ?? Number.POSITIVE_INFINITY;
    checks.push({
      target: 'streaming peak RSS < rclone',
      subject: subject(row),
      actual: `${rssRatio.toFixed(2)}× rclone's`,
      met: rssRatio < 1,
    });
  }
  return checks;
}

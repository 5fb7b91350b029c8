/**
 * What one copy measured, and the figures derived from it. Pure: no I/O, so the arithmetic the
 * targets depend on is unit-tested.
 */
import { median } from '../statistics';

export const MIB = 1024 * 1024;

/** The raw pipe (baseline), the transfer function's two copy modes, and the rclone peer. */
export type CopyKind = 'baseline' | 'streaming' | 'server-side' | 'rclone';

/** The copies the transfer function makes (the others are references to compare with). */
export function isTransferKind(kind: CopyKind): kind is 'streaming' | 'server-side' {
  return kind === 'streaming' || kind === 'server-side';
}

/**
 * Calls a Lambda container makes once, on its first object, not per object: the shared-key
 * secret read when the Azure clients are built. Each child process is a cold container.
 */
export const PER_CONTAINER_OPERATIONS: readonly string[] = ['secretsmanager:GetSecretValue'];

/** Operations of the ADLS endpoint (Blob and DFS) carry this prefix in localcloud's counts. */
const ADLS_OPERATION_PREFIX = 'azure:';

export interface RequestCounts {
  /** Every request localcloud answered during the copy (AWS + Azure, incl. Azure's own S3 reads). */
  readonly total: number;
  /** `total` without the once-per-container calls. */
  readonly perObject: number;
  /**
   * Requests to ADLS: what the `blocks + 4` bound is about (one per block, plus the
   * idempotency read, commit, verification or flush, and rename). The S3 side (the function's
   * HEAD and, streaming, its one GET; server-side, Azure's presigned GET) is in `perObject`.
   */
  readonly adls: number;
  /** `blocks + 4`; only for the transfer modes. */
  readonly bound?: number;
  readonly byOperation: Readonly<Record<string, number>>;
}

export interface CopyMeasurement {
  readonly sizeMiB: number;
  readonly kind: CopyKind;
  /** The copy itself, inside the child: process start and module loading excluded. */
  readonly durationMs: number;
  readonly mibPerSecond: number;
  /** This copy's throughput over the baseline's, same size, same run. */
  readonly ratioToBaseline?: number;
  /** This copy's throughput over rclone's, same size, same run (when rclone is on PATH). */
  readonly ratioToRclone?: number;
  /** This copy's peak RSS over rclone's, same size, same run (when rclone is on PATH). */
  readonly peakRssRatioToRclone?: number;
  /** Peak RSS of the copying child: its VmHWM, else `process.resourceUsage().maxRSS`. */
  readonly peakRssMiB: number;
  /** `process.resourceUsage().maxRSS` as the child reported it (see child-protocol.ts). */
  readonly resourceUsageMaxRssMiB: number;
  /** The child's RSS with its modules loaded, just before the copy started. */
  readonly rssBeforeCopyMiB: number;
  /** CPU time the child spent on the copy over its duration: 1 = one core busy throughout. */
  readonly cpuShare?: number;
  readonly requests: RequestCounts;
  /** The transfer's `BytesThroughFunction` metric. */
  readonly bytesThroughFunction?: number;
  /** GetObject commands the function's own S3 client sent (signed, not Azure's presigned reads). */
  readonly functionS3GetObject?: number;
  /** The copy mode the transfer reports having used (a server-side copy may fall back). */
  readonly modeUsed?: string;
}

export function blocksFor(sizeBytes: number, blockSizeBytes: number): number {
  return Math.ceil(sizeBytes / blockSizeBytes);
}

/** The requests-per-object target (ADLS requests): one per block plus four. */
export function requestBound(sizeBytes: number, blockSizeBytes: number): number {
  return blocksFor(sizeBytes, blockSizeBytes) + 4;
}

export function countRequests(
  byOperation: Readonly<Record<string, number>>,
  bound?: number,
): RequestCounts {
  let total = 0;
  let perContainer = 0;
  let adls = 0;
  for (const [operation, count] of Object.entries(byOperation)) {
    total += count;
    if (PER_CONTAINER_OPERATIONS.includes(operation)) perContainer += count;
    if (operation.startsWith(ADLS_OPERATION_PREFIX)) adls += count;
  }
  return {
    total,
    perObject: total - perContainer,
    adls,
    ...(bound !== undefined && { bound }),
    byOperation,
  };
}

export function mibPerSecond(bytes: number, durationMs: number): number {
  return durationMs > 0 ? bytes / MIB / (durationMs / 1000) : Number.POSITIVE_INFINITY;
}

/** `resourceUsage().maxRSS` is in kibibytes. */
export function kibToMiB(kib: number): number {
  return kib / 1024;
}

export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** What a copying child reported (see child-protocol.ts), as far as the figures need it. */
export interface ChildFigures {
  readonly durationMs: number;
  readonly maxRssKiB: number;
  readonly peakRssKiB?: number;
  readonly rssBeforeCopyKiB: number;
  readonly cpuMs?: number;
  readonly modeUsed?: string;
  readonly metrics?: Readonly<Record<string, number>>;
  readonly s3Commands?: Readonly<Record<string, number>>;
}

/**
 * One row of the results. `baselineMiBPerSecond` is the baseline's throughput at the same size
 * (undefined for the baseline itself); `blockSizeBytes` gives the request bound of the transfer.
 */
export function measurementFrom(input: {
  readonly sizeMiB: number;
  readonly kind: CopyKind;
  readonly child: ChildFigures;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly blockSizeBytes: number;
  readonly baselineMiBPerSecond?: number;
  /** rclone's row at the same size, when the peer ran. */
  readonly rclone?: Pick<CopyMeasurement, 'mibPerSecond' | 'peakRssMiB'>;
}): CopyMeasurement {
  const { sizeMiB, kind, child, rclone } = input;
  const throughput = mibPerSecond(sizeMiB * MIB, child.durationMs);
  const transfer = isTransferKind(kind);
  const peakRssMiB = round(kibToMiB(child.peakRssKiB ?? child.maxRssKiB), 1);
  return {
    sizeMiB,
    kind,
    durationMs: Math.round(child.durationMs),
    mibPerSecond: round(throughput, 1),
    ...(transfer &&
      input.baselineMiBPerSecond !== undefined && {
        ratioToBaseline: round(throughput / input.baselineMiBPerSecond, 2),
      }),
    ...(transfer &&
      rclone !== undefined && {
        ratioToRclone: round(throughput / rclone.mibPerSecond, 2),
        peakRssRatioToRclone: round(peakRssMiB / rclone.peakRssMiB, 2),
      }),
    peakRssMiB,
    resourceUsageMaxRssMiB: round(kibToMiB(child.maxRssKiB), 1),
    rssBeforeCopyMiB: round(kibToMiB(child.rssBeforeCopyKiB), 1),
    ...(child.cpuMs !== undefined && { cpuShare: round(child.cpuMs / child.durationMs, 2) }),
    requests: countRequests(
      input.byOperation,
      transfer ? requestBound(sizeMiB * MIB, input.blockSizeBytes) : undefined,
    ),
    ...(transfer && {
      bytesThroughFunction: child.metrics?.BytesThroughFunction ?? Number.NaN,
      functionS3GetObject: child.s3Commands?.GetObjectCommand ?? 0,
      ...(child.modeUsed !== undefined && { modeUsed: child.modeUsed }),
    }),
  };
}

/** One copy repeated: the median duration, the highest memory, the run with the most requests. */
export function combineRuns(
  runs: readonly { readonly child: ChildFigures; readonly byOperation: Record<string, number> }[],
): { child: ChildFigures; byOperation: Record<string, number> } {
  const first = runs[0];
  if (first === undefined) throw new RangeError('no runs to combine');
  const total = (byOperation: Record<string, number>) =>
    Object.values(byOperation).reduce((sum, count) => sum + count, 0);
  const mostRequests = runs.reduce((most, run) =>
    total(run.byOperation) > total(most.byOperation) ? run : most,
  );
  const peaks = runs.map((run) => run.child.peakRssKiB);
  return {
    child: {
      ...first.child,
      durationMs: median(runs.map((run) => run.child.durationMs)),
      maxRssKiB: Math.max(...runs.map((run) => run.child.maxRssKiB)),
      ...(peaks.every((peak) => peak !== undefined) && { peakRssKiB: Math.max(...peaks) }),
      rssBeforeCopyKiB: Math.max(...runs.map((run) => run.child.rssBeforeCopyKiB)),
    },
    byOperation: mostRequests.byOperation,
  };
}

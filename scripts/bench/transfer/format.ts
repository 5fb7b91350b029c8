/**
 * The benchmark's outputs: the result document (`--json`), a plain-text report, and the
 * Markdown table kept in docs/benchmarks.md. Pure functions of the result.
 */
import type { BenchMachine } from '../machine';
import type { CopyMeasurement } from './measurements';
import type { TargetCheck } from './targets';

export interface BenchResult {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly machine: BenchMachine;
  /** The function's BLOCK_SIZE_MIB and COPY_CONCURRENCY (and streaming's own) in this run. */
  readonly settings: {
    readonly blockSizeMiB: number;
    readonly concurrency: number;
    readonly streamingBlockSizeMiB?: number;
    readonly streamingConcurrency?: number;
  };
  readonly measurements: readonly CopyMeasurement[];
  readonly targets: readonly TargetCheck[];
  /** The rclone peer: its version when it ran, or why it was skipped. */
  readonly peer?: { readonly rclone: string } | { readonly skipped: string };
}

const ratio = (value: number | undefined, otherwise: string) =>
  value === undefined ? otherwise : `${value.toFixed(2)}×`;

function cells(row: CopyMeasurement, withPeer: boolean): string[] {
  const { adls, perObject, bound } = row.requests;
  const reference = row.kind === 'baseline' || row.kind === 'rclone' ? `(${row.kind})` : 'n/a';
  return [
    `${row.sizeMiB} MiB`,
    row.kind,
    row.mibPerSecond.toFixed(0),
    ratio(row.ratioToBaseline, reference),
    ...(withPeer ? [ratio(row.ratioToRclone, reference)] : []),
    row.peakRssMiB.toFixed(0),
    ...(withPeer ? [ratio(row.peakRssRatioToRclone, reference)] : []),
    bound === undefined ? String(adls) : `${adls} / ≤ ${bound}`,
    String(perObject),
    row.bytesThroughFunction === undefined ? 'n/a' : String(row.bytesThroughFunction),
  ];
}

/** The rclone columns appear only when the peer ran. */
function headings(withPeer: boolean): string[] {
  return [
    'size',
    'mode',
    'MiB/s',
    'ratio to baseline',
    ...(withPeer ? ['ratio to rclone'] : []),
    'peak RSS MiB',
    ...(withPeer ? ['peak RSS vs rclone'] : []),
    'ADLS requests/object vs bound',
    'all requests/object',
    'bytes through the function',
  ];
}

function table(result: BenchResult): string[][] {
  const withPeer = result.measurements.some((row) => row.kind === 'rclone');
  return [headings(withPeer), ...result.measurements.map((row) => cells(row, withPeer))];
}

function peerLine(result: BenchResult): string[] {
  if (result.peer === undefined) return [];
  return 'rclone' in result.peer
    ? [`peer: ${result.peer.rclone} (rclone copyto with its defaults), same servers, same object`]
    : [`peer: rclone skipped (${result.peer.skipped})`];
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}

function streamingSettings(settings: BenchResult['settings']): string {
  const { streamingBlockSizeMiB: blockSize, streamingConcurrency: concurrency } = settings;
  return blockSize === undefined || concurrency === undefined
    ? ''
    : ` STREAMING_BLOCK_SIZE_MIB=${blockSize} STREAMING_CONCURRENCY=${concurrency}`;
}

export function formatText(result: BenchResult): string {
  const { machine, settings } = result;
  const lines = [
    `S3 → ADLS transfer against localcloud, ${result.date}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`,
    `BLOCK_SIZE_MIB=${settings.blockSizeMiB} COPY_CONCURRENCY=${settings.concurrency}${streamingSettings(settings)}; baseline: presigned GET piped into one Shared Key Put Blob`,
    ...peerLine(result),
    '',
    ...pad(table(result)).map((line) => `  ${line}`),
    '',
    'requests by operation:',
    ...result.measurements.map(
      (row) =>
        `  ${row.sizeMiB} MiB ${row.kind}: ${Object.entries(row.requests.byOperation)
          .map(([operation, count]) => `${operation}×${count}`)
          .join(' ')}`,
    ),
    '',
    'targets:',
    ...result.targets.map(
      (check) =>
        `  ${check.met ? 'met   ' : 'MISSED'}  ${check.target}: ${check.subject}: ${check.actual}`,
    ),
  ];
  const missed = result.targets.filter((check) => !check.met).length;
  lines.push('', missed === 0 ? 'all targets met' : `${missed} target(s) MISSED`);
  return lines.join('\n');
}

/** The table for docs/benchmarks.md. */
export function formatMarkdownTable(result: BenchResult): string {
  const rows = table(result);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

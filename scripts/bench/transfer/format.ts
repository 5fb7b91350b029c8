/**
 * The benchmark's outputs: the result document (`--json`), a plain-text report, and the
 * Markdown table kept in docs/benchmarks.md. Pure functions of the result.
 */
import type { CopyMeasurement } from './measurements';
import type { TargetCheck } from './targets';

export interface MachineInfo {
  readonly cores: number;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
}

export interface BenchResult {
  /** YYYY-MM-DD */
  readonly date: string;
  readonly machine: MachineInfo;
  /** The function's BLOCK_SIZE_MIB and COPY_CONCURRENCY in this run. */
  readonly settings: { readonly blockSizeMiB: number; readonly concurrency: number };
  readonly measurements: readonly CopyMeasurement[];
  readonly targets: readonly TargetCheck[];
}

function cells(row: CopyMeasurement): string[] {
  const { adls, perObject, bound } = row.requests;
  return [
    `${row.sizeMiB} MiB`,
    row.kind,
    row.mibPerSecond.toFixed(0),
    row.ratioToBaseline === undefined ? '(baseline)' : `${row.ratioToBaseline.toFixed(2)}×`,
    row.peakRssMiB.toFixed(0),
    bound === undefined ? String(adls) : `${adls} / ≤ ${bound}`,
    String(perObject),
    row.bytesThroughFunction === undefined ? 'n/a' : String(row.bytesThroughFunction),
  ];
}

const HEADINGS = [
  'size',
  'mode',
  'MiB/s',
  'ratio to baseline',
  'peak RSS MiB',
  'ADLS requests/object vs bound',
  'all requests/object',
  'bytes through the function',
];

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd(),
  );
}

export function formatText(result: BenchResult): string {
  const { machine, settings } = result;
  const lines = [
    `S3 → ADLS transfer against localcloud, ${result.date}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`,
    `BLOCK_SIZE_MIB=${settings.blockSizeMiB} COPY_CONCURRENCY=${settings.concurrency}; baseline: presigned GET piped into one Shared Key Put Blob`,
    '',
    ...pad([HEADINGS, ...result.measurements.map(cells)]).map((line) => `  ${line}`),
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
  const rows = [HEADINGS, ...result.measurements.map(cells)];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [
    line(rows[0]!),
    `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

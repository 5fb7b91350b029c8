/**
 * The benchmark's figures from its raw counts, and how they are printed. Pure: unit-tested,
 * and the same numbers go to the table and to `--json`.
 */

/** What one approach did with the same objects. */
export interface RunCounts {
  readonly name: string;
  /** Glue requests localcloud answered, by operation. */
  readonly glueCalls: Readonly<Record<string, number>>;
  /** Partitions in the catalog afterwards. */
  readonly partitionsRegistered: number;
  readonly objects: number;
  readonly wallMs: number;
  /** Partition lookups the function answered from its cache, and all its partition lookups. */
  readonly cache?: { readonly hits: number; readonly lookups: number };
}

export interface RunFigures extends RunCounts {
  readonly totalGlueCalls: number;
  readonly glueCallsPerThousandObjects: number;
  readonly cacheHitRatio?: number;
}

export interface BenchFigures {
  readonly function: RunFigures;
  readonly baseline: RunFigures;
  /** Baseline Glue calls ÷ the function's. */
  readonly glueCallRatio: number;
  /** Baseline wall time ÷ the function's. */
  readonly wallTimeRatio: number;
  /** The function needs at least this many times fewer Glue calls. */
  readonly glueCallTarget: number;
  readonly glueCallTargetMet: boolean;
}

export const GLUE_CALL_TARGET = 100;

export function sumCalls(calls: Readonly<Record<string, number>>): number {
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}

export function runFigures(run: RunCounts): RunFigures {
  const totalGlueCalls = sumCalls(run.glueCalls);
  return {
    ...run,
    totalGlueCalls,
    glueCallsPerThousandObjects: run.objects === 0 ? 0 : (totalGlueCalls * 1000) / run.objects,
    ...(run.cache && {
      cacheHitRatio: run.cache.lookups === 0 ? 0 : run.cache.hits / run.cache.lookups,
    }),
  };
}

/** A ratio that stays finite (and meaningful) when the divisor is zero. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.POSITIVE_INFINITY : numerator / denominator;
}

export function benchFigures(functionRun: RunCounts, baselineRun: RunCounts): BenchFigures {
  const fn = runFigures(functionRun);
  const baseline = runFigures(baselineRun);
  const glueCallRatio = ratio(baseline.totalGlueCalls, fn.totalGlueCalls);
  return {
    function: fn,
    baseline,
    glueCallRatio,
    wallTimeRatio: ratio(baseline.wallMs, fn.wallMs),
    glueCallTarget: GLUE_CALL_TARGET,
    glueCallTargetMet: glueCallRatio >= GLUE_CALL_TARGET,
  };
}

function breakdown(calls: Readonly<Record<string, number>>): string {
  return Object.entries(calls)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([operation, count]) => `${operation} ${count}`)
    .join(', ');
}

function formatRatio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(value >= 10 ? 0 : 1)}×` : '∞';
}

/** The human-readable report: one row per approach, then the ratios against the target. */
export function formatText(figures: BenchFigures, setting: string): string {
  const rows = [figures.function, figures.baseline].map((run) => [
    run.name,
    String(run.totalGlueCalls),
    run.glueCallsPerThousandObjects.toFixed(1),
    String(run.partitionsRegistered),
    run.cacheHitRatio === undefined ? '–' : `${(run.cacheHitRatio * 100).toFixed(1)} %`,
    `${Math.round(run.wallMs)} ms`,
  ]);
  const header = ['', 'Glue calls', 'per 1000 objects', 'partitions', 'cache hits', 'wall time'];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!),
      )
      .join('  ');
  const verdict = figures.glueCallTargetMet ? 'met' : 'MISSED';
  return [
    setting,
    '',
    line(header),
    ...rows.map(line),
    '',
    `function calls: ${breakdown(figures.function.glueCalls)}`,
    `baseline calls: ${breakdown(figures.baseline.glueCalls)}`,
    `Glue calls: ${formatRatio(figures.glueCallRatio)} fewer than the baseline (target ≥ ${figures.glueCallTarget}×: ${verdict})`,
    `wall time: ${formatRatio(figures.wallTimeRatio)} faster than the baseline`,
  ].join('\n');
}

/**
 * The local run's benchmark figures and its targets. Pure: no I/O, so the arithmetic and the
 * verdicts are unit-tested.
 */
import type { LocalRunFigures } from '../../local-run/report/figures';
import { LOCAL_RUN_STEPS } from '../../local-run/steps';

export interface WarehouseTableLoad {
  /** `staging.web_logs` */
  readonly table: string;
  readonly rows: number;
  /** The COPY sub-statement's Duration as the Data API reports it (median of the runs). */
  readonly apiSeconds: number;
  /** The engine's own `COPY … FROM '/dev/blob'` of the same rows (median of the runs). */
  readonly engineSeconds: number;
}

export interface WarehouseLoadFigures {
  readonly size: string;
  readonly runs: number;
  readonly tables: readonly WarehouseTableLoad[];
}

export interface SizeFigures {
  readonly size: string;
  readonly wallSeconds: number;
  readonly peakTreeRssMiB: number;
  /** What held the peak, e.g. `the run 1000 MiB, function containers ×2 300 MiB`. */
  readonly peakHeldBy: string;
  readonly figures: LocalRunFigures;
}

/** The targets, in one place: the bench's verdicts and docs/benchmarks.md quote these. */
export const TARGETS = {
  mediumWallSeconds: 60,
  stepSeconds: 15,
  warehouseLoadSeconds: 10,
  queriesSeconds: 3,
  largePeakRssMiB: 2048,
  copyRatioToEngine: 0.5,
} as const;

export function dayRecords(figures: LocalRunFigures): number {
  return figures.generated.datasets.reduce((sum, dataset) => sum + dataset.records, 0);
}

export interface StepFigure {
  readonly name: string;
  readonly seconds: number;
  /** The day's records over the step's time: one throughput scale for every step. */
  readonly recordsPerSecond: number;
}

export function stepFigures(figures: LocalRunFigures): StepFigure[] {
  const records = dayRecords(figures);
  return figures.steps.map((step) => ({
    name: step.name,
    seconds: step.seconds,
    recordsPerSecond: step.seconds > 0 ? records / step.seconds : 0,
  }));
}

export function stepSeconds(figures: LocalRunFigures, name: string): number {
  const step = figures.steps.find((each) => each.name === name);
  if (!step) throw new Error(`the run has no step "${name}"`);
  return step.seconds;
}

export interface LoadSummary {
  readonly rows: number;
  readonly apiRowsPerSecond: number;
  readonly engineRowsPerSecond: number;
  /** Data API COPY rows/s over the engine's own bulk COPY rows/s. */
  readonly ratio: number;
}

export function loadSummary(load: WarehouseLoadFigures): LoadSummary {
  const rows = load.tables.reduce((sum, table) => sum + table.rows, 0);
  const api = load.tables.reduce((sum, table) => sum + table.apiSeconds, 0);
  const engine = load.tables.reduce((sum, table) => sum + table.engineSeconds, 0);
  const apiRowsPerSecond = api > 0 ? rows / api : 0;
  const engineRowsPerSecond = engine > 0 ? rows / engine : 0;
  return {
    rows,
    apiRowsPerSecond,
    engineRowsPerSecond,
    ratio: engineRowsPerSecond > 0 ? apiRowsPerSecond / engineRowsPerSecond : 0,
  };
}

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** Each target against the figures of this run; a size that was not run gives no verdict. */
export function verdicts(
  sizes: readonly SizeFigures[],
  load: WarehouseLoadFigures | undefined,
): Verdict[] {
  const out: Verdict[] = [];
  const medium = sizes.find((size) => size.size === 'medium');
  if (medium) {
    out.push({
      target: `npm start medium ≤ ${TARGETS.mediumWallSeconds} s (wall)`,
      measured: `${medium.wallSeconds.toFixed(1)} s`,
      met: medium.wallSeconds <= TARGETS.mediumWallSeconds,
    });
    const warehouse = stepSeconds(medium.figures, LOCAL_RUN_STEPS.warehouseLoad);
    out.push({
      target: `warehouse ELT (medium) ≤ ${TARGETS.warehouseLoadSeconds} s`,
      measured: `${warehouse.toFixed(1)} s`,
      met: warehouse <= TARGETS.warehouseLoadSeconds,
    });
    const queries = stepSeconds(medium.figures, LOCAL_RUN_STEPS.questions);
    out.push({
      target: `the business queries (medium) ≤ ${TARGETS.queriesSeconds} s`,
      measured: `${queries.toFixed(2)} s`,
      met: queries <= TARGETS.queriesSeconds,
    });
  }
  // Judged at small and medium; a large day's steps are reported, not judged (docs/decisions.md,
  // "bench:local-run: what no step over 15 s covers").
  for (const size of sizes.filter((each) => each.size === 'small' || each.size === 'medium')) {
    const slow = size.figures.steps.filter((step) => step.seconds > TARGETS.stepSeconds);
    out.push({
      target: `no step over ${TARGETS.stepSeconds} s (${size.size})`,
      measured:
        slow.length === 0
          ? 'none'
          : slow.map((step) => `${step.name} ${step.seconds} s`).join('; '),
      met: slow.length === 0,
    });
  }
  const large = sizes.find((size) => size.size === 'large');
  if (large)
    out.push({
      target: `npm start large: peak RSS of the whole run ≤ ${TARGETS.largePeakRssMiB} MiB`,
      measured: `${Math.round(large.peakTreeRssMiB)} MiB in ${large.wallSeconds.toFixed(1)} s`,
      met: large.peakTreeRssMiB <= TARGETS.largePeakRssMiB,
    });
  if (load) {
    const summary = loadSummary(load);
    out.push({
      target: `Data API COPY ≥ ${TARGETS.copyRatioToEngine}× the engine's own bulk COPY (rows/s)`,
      measured: `${summary.ratio.toFixed(2)}×`,
      met: summary.ratio >= TARGETS.copyRatioToEngine,
    });
  }
  return out;
}

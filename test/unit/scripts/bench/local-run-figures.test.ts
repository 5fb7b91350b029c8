import {
  loadSummary,
  stepFigures,
  TARGETS,
  verdicts,
  type SizeFigures,
  type WarehouseLoadFigures,
} from '../../../../scripts/bench/local-run/figures';
import type { LocalRunFigures } from '../../../../scripts/local-run/report/figures';
import { LOCAL_RUN_STEPS } from '../../../../scripts/local-run/steps';
import { localRunFigures } from '../../../fixtures/local-run-figures';

function run(
  size: string,
  steps: Record<string, number>,
  extra: Partial<SizeFigures> = {},
): SizeFigures {
  const figures: LocalRunFigures = {
    ...localRunFigures(),
    size,
    steps: Object.entries(steps).map(([name, seconds]) => ({ name, seconds })),
  };
  return {
    size,
    wallSeconds: 50,
    peakTreeRssMiB: 900,
    peakHeldBy: 'the run 900 MiB',
    figures,
    ...extra,
  };
}

const quickSteps = {
  [LOCAL_RUN_STEPS.generate]: 3,
  [LOCAL_RUN_STEPS.warehouseLoad]: 6,
  [LOCAL_RUN_STEPS.questions]: 1.2,
};

const load: WarehouseLoadFigures = {
  size: 'medium',
  runs: 3,
  tables: [
    { table: 'staging.a', rows: 30_000, apiSeconds: 1, engineSeconds: 0.5 },
    { table: 'staging.b', rows: 10_000, apiSeconds: 1, engineSeconds: 0.5 },
  ],
};

describe('bench:local-run figures', () => {
  it("gives each step the day's records per second", () => {
    const records = localRunFigures().generated.datasets.reduce(
      (sum, each) => sum + each.records,
      0,
    );
    const steps = stepFigures(run('medium', { a: 2, b: 0 }).figures);
    expect(steps).toEqual([
      { name: 'a', seconds: 2, recordsPerSecond: records / 2 },
      { name: 'b', seconds: 0, recordsPerSecond: 0 },
    ]);
  });

  it('sums the tables before dividing: rows over all the time of each path', () => {
    expect(loadSummary(load)).toEqual({
      rows: 40_000,
      apiRowsPerSecond: 20_000,
      engineRowsPerSecond: 40_000,
      ratio: 0.5,
    });
  });

  it('meets every target with a quick medium run, a lean large run and a fast enough load', () => {
    const results = verdicts(
      [
        run('medium', quickSteps),
        run('large', { ...quickSteps, [LOCAL_RUN_STEPS.generate]: 40 }, { peakTreeRssMiB: 1500 }),
      ],
      load,
    );
    expect(results.map((each) => each.met)).toEqual(results.map(() => true));
    expect(results).toHaveLength(6);
  });

  it('fails each target it misses, and names the slow steps', () => {
    const slowMedium = run(
      'medium',
      { ...quickSteps, [LOCAL_RUN_STEPS.warehouseLoad]: 16, [LOCAL_RUN_STEPS.questions]: 3.5 },
      { wallSeconds: TARGETS.mediumWallSeconds + 1 },
    );
    const heavyLarge = run('large', quickSteps, { peakTreeRssMiB: TARGETS.largePeakRssMiB + 1 });
    const slowLoad = { ...load, tables: load.tables.map((each) => ({ ...each, apiSeconds: 2 })) };
    const missed = verdicts([slowMedium, heavyLarge], slowLoad).filter((each) => !each.met);
    expect(missed.map((each) => each.target)).toEqual([
      expect.stringContaining('npm start medium'),
      expect.stringContaining('warehouse ELT'),
      expect.stringContaining('business queries'),
      expect.stringContaining('no step over'),
      expect.stringContaining('peak RSS'),
      expect.stringContaining('bulk COPY'),
    ]);
    expect(missed[3]!.measured).toBe(`${LOCAL_RUN_STEPS.warehouseLoad} 16 s`);
  });

  it("judges step times at small and medium only: a large day's steps are reported", () => {
    const slowGeneration = { ...quickSteps, [LOCAL_RUN_STEPS.generate]: 40 };
    expect(
      verdicts([run('medium', slowGeneration)], undefined).filter((each) => !each.met),
    ).toHaveLength(1);
    expect(verdicts([run('large', slowGeneration)], undefined).every((each) => each.met)).toBe(
      true,
    );
  });
});

import {
  benchFigures,
  formatText,
  GLUE_CALL_TARGET,
  runFigures,
  sumCalls,
  type RunCounts,
} from '../../../../../scripts/bench/partitions/figures';

const FUNCTION: RunCounts = {
  name: 'function',
  glueCalls: { BatchCreatePartition: 20, BatchGetPartition: 20, GetTable: 2 },
  partitionsRegistered: 96,
  objects: 10_000,
  wallMs: 500,
  cache: { hits: 20, lookups: 140 },
};
const BASELINE: RunCounts = {
  name: 'baseline',
  glueCalls: { GetPartition: 10_000, CreatePartition: 96, GetTable: 2 },
  partitionsRegistered: 96,
  objects: 10_000,
  wallMs: 13_000,
};

describe('runFigures', () => {
  it('totals the calls, per thousand objects, and the cache hit ratio', () => {
    const figures = runFigures(FUNCTION);

    expect(figures.totalGlueCalls).toBe(42);
    expect(figures.glueCallsPerThousandObjects).toBeCloseTo(4.2);
    expect(figures.cacheHitRatio).toBeCloseTo(1 / 7);
  });

  it('has no cache hit ratio for a run without a cache, and zero per object for no objects', () => {
    expect(runFigures(BASELINE).cacheHitRatio).toBeUndefined();
    expect(runFigures({ ...BASELINE, objects: 0 }).glueCallsPerThousandObjects).toBe(0);
    expect(runFigures({ ...FUNCTION, cache: { hits: 0, lookups: 0 } }).cacheHitRatio).toBe(0);
  });
});

describe('benchFigures', () => {
  it('compares Glue calls and wall time with the baseline', () => {
    const figures = benchFigures(FUNCTION, BASELINE);

    expect(sumCalls(BASELINE.glueCalls)).toBe(10_098);
    expect(figures.glueCallRatio).toBeCloseTo(10_098 / 42);
    expect(figures.wallTimeRatio).toBeCloseTo(26);
    expect(figures.glueCallTarget).toBe(GLUE_CALL_TARGET);
    expect(figures.glueCallTargetMet).toBe(true);
  });

  it('misses the target below 100× fewer calls', () => {
    const chatty = { ...FUNCTION, glueCalls: { BatchGetPartition: 102 } };

    expect(benchFigures(chatty, BASELINE).glueCallTargetMet).toBe(false);
  });

  it('reports an infinite ratio rather than dividing by zero', () => {
    const figures = benchFigures({ ...FUNCTION, glueCalls: {}, wallMs: 0 }, BASELINE);

    expect(figures.glueCallRatio).toBe(Number.POSITIVE_INFINITY);
    expect(figures.glueCallTargetMet).toBe(true);
    expect(formatText(figures, 'x')).toContain('∞');
  });
});

describe('formatText', () => {
  it('prints one row per approach, the call breakdown and the verdict', () => {
    const text = formatText(benchFigures(FUNCTION, BASELINE), '10000 objects');

    expect(text.split('\n')).toEqual([
      '10000 objects',
      '',
      '          Glue calls  per 1000 objects  partitions  cache hits  wall time',
      'function          42               4.2          96      14.3 %     500 ms',
      'baseline       10098            1009.8          96           –   13000 ms',
      '',
      'function calls: BatchCreatePartition 20, BatchGetPartition 20, GetTable 2',
      'baseline calls: CreatePartition 96, GetPartition 10000, GetTable 2',
      'Glue calls: 240× fewer than the baseline (target ≥ 100×: met)',
      'wall time: 26× faster than the baseline',
    ]);
  });

  it('says MISSED when the target is missed', () => {
    const text = formatText(
      benchFigures({ ...FUNCTION, glueCalls: { GetTable: 5000 } }, BASELINE),
      '',
    );

    expect(text).toContain('Glue calls: 2.0× fewer than the baseline (target ≥ 100×: MISSED)');
  });
});

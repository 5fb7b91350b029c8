import {
  formatMarkdownTable,
  formatText,
  type BenchResult,
} from '../../../../../scripts/bench/transfer/format';
import type { CopyMeasurement } from '../../../../../scripts/bench/transfer/measurements';
import { evaluateTargets, TARGETS } from '../../../../../scripts/bench/transfer/targets';

function row(
  overrides: Partial<CopyMeasurement> & Pick<CopyMeasurement, 'sizeMiB' | 'kind'>,
): CopyMeasurement {
  const transfer = overrides.kind !== 'baseline';
  return {
    durationMs: 1000,
    mibPerSecond: 100,
    peakRssMiB: 150,
    resourceUsageMaxRssMiB: 150,
    rssBeforeCopyMiB: 120,
    requests: {
      total: 7,
      perObject: 6,
      adls: 5,
      ...(transfer && { bound: 5 }),
      byOperation: { 'azure:PutBlob': 1 },
    },
    ...(transfer && {
      ratioToBaseline: 1,
      bytesThroughFunction: overrides.kind === 'streaming' ? overrides.sizeMiB * 1024 * 1024 : 0,
      functionS3GetObject: overrides.kind === 'streaming' ? 1 : 0,
      modeUsed: overrides.kind,
    }),
    ...overrides,
  };
}

const passing: CopyMeasurement[] = [16, 1024].flatMap((sizeMiB) => [
  row({ sizeMiB, kind: 'baseline' }),
  row({ sizeMiB, kind: 'streaming' }),
  row({ sizeMiB, kind: 'server-side' }),
]);

const missed = (rows: CopyMeasurement[]) =>
  evaluateTargets(rows)
    .filter((check) => !check.met)
    .map((check) => `${check.target} | ${check.subject}`);

describe('evaluateTargets', () => {
  it('states the required targets', () => {
    expect(TARGETS).toEqual({
      minThroughputRatio: 0.8,
      maxPeakRssMiB: 200,
      maxRssGrowth: 1.25,
      serverSideBytesThroughFunction: 0,
    });
  });

  it('meets every target when the figures are within them', () => {
    const checks = evaluateTargets(passing);

    expect(checks.every((check) => check.met)).toBe(true);
    // 2 throughput, 4 RSS, 2 flatness, 2 bytes-through-function, 4 request bounds.
    expect(checks).toHaveLength(14);
  });

  it('misses streaming throughput under 0.8× the baseline, and meets it at exactly 0.8×', () => {
    const rows = passing.map((each) =>
      each.kind === 'streaming'
        ? { ...each, ratioToBaseline: each.sizeMiB === 16 ? 0.8 : 0.79 }
        : each,
    );

    expect(missed(rows)).toEqual(['streaming throughput ≥ 0.8× baseline | 1024 MiB streaming']);
  });

  it('misses peak RSS over 200 MiB and RSS that grows with the object', () => {
    const rows = passing.map((each) =>
      each.kind === 'streaming' && each.sizeMiB === 1024 ? { ...each, peakRssMiB: 1900 } : each,
    );

    expect(missed(rows)).toEqual([
      'peak RSS ≤ 200 MiB | 1024 MiB streaming',
      'peak RSS flat (≤ 1.25× from smallest to largest size) | streaming 16 → 1024 MiB',
    ]);
  });

  it('calls RSS flat within 1.25× even when both sizes are under 200 MiB, and not flat beyond', () => {
    const rows = passing.map((each) =>
      each.kind === 'server-side' ? { ...each, peakRssMiB: each.sizeMiB === 16 ? 100 : 126 } : each,
    );

    expect(missed(rows)).toEqual([
      'peak RSS flat (≤ 1.25× from smallest to largest size) | server-side 16 → 1024 MiB',
    ]);
  });

  it('skips flatness with a single size', () => {
    const checks = evaluateTargets(passing.filter((each) => each.sizeMiB === 16));

    expect(checks.some((check) => check.target.startsWith('peak RSS flat'))).toBe(false);
  });

  it.each([
    ['bytes through the function', { bytesThroughFunction: 5 }],
    ['its own S3 GetObject calls', { functionS3GetObject: 1 }],
    ['a fallback to streaming', { modeUsed: 'streaming' }],
    ['no metric at all', { bytesThroughFunction: Number.NaN }],
  ])('misses server-side “0 bytes through the function” on %s', (_why, change) => {
    const rows = passing.map((each) =>
      each.kind === 'server-side' && each.sizeMiB === 16 ? { ...each, ...change } : each,
    );

    expect(missed(rows)).toEqual([
      'server-side bytes through the function = 0 | 16 MiB server-side',
    ]);
  });

  it('misses ADLS requests per object above blocks + 4, whatever the S3 side adds', () => {
    const rows = passing.map((each) =>
      each.kind === 'streaming' && each.sizeMiB === 16
        ? { ...each, requests: { ...each.requests, adls: 6 } }
        : each,
    );

    expect(missed(rows)).toEqual(['ADLS requests per object ≤ blocks + 4 | 16 MiB streaming']);
    // `passing` has 6 requests per object in all against a bound of 5: the S3 side is not bound.
    expect(missed(passing)).toEqual([]);
  });
});

const result: BenchResult = {
  date: '2026-11-21',
  machine: { cores: 2, memoryGiB: 24, node: '20.20.2', platform: 'linux-x64' },
  settings: { blockSizeMiB: 100, concurrency: 8 },
  measurements: [
    row({ sizeMiB: 16, kind: 'baseline', mibPerSecond: 42.8 }),
    row({
      sizeMiB: 16,
      kind: 'streaming',
      mibPerSecond: 40.2,
      ratioToBaseline: 0.94,
      peakRssMiB: 212.3,
    }),
  ],
  targets: [],
};

describe('formatText', () => {
  it('prints the settings, one line per copy, the requests by operation and each target', () => {
    const text = formatText({ ...result, targets: evaluateTargets(result.measurements) });

    expect(text).toContain('2026-11-21, 2 cores, 24 GiB');
    expect(text).toContain('BLOCK_SIZE_MIB=100 COPY_CONCURRENCY=8');
    expect(text).toMatch(/16 MiB\s+baseline\s+43\s+\(baseline\)\s+150\s+5\s+6\s+n\/a/);
    expect(text).toMatch(/16 MiB\s+streaming\s+40\s+0\.94×\s+212\s+5 \/ ≤ 5\s+6\s+16777216/);
    expect(text).toContain('16 MiB streaming: azure:PutBlob×1');
    expect(text).toContain('MISSED  peak RSS ≤ 200 MiB: 16 MiB streaming: 212 MiB');
    expect(text).toContain('met     streaming throughput ≥ 0.8× baseline: 16 MiB streaming: 0.94×');
    expect(text).toContain('1 target(s) MISSED');
  });

  it('says so when every target is met', () => {
    expect(formatText(result)).toContain('all targets met');
  });
});

describe('formatMarkdownTable', () => {
  it('writes a header, a separator and one aligned row per copy', () => {
    const lines = formatMarkdownTable(result).split('\n');

    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(
      /^\| size\s+\| mode\s+\| MiB\/s \| ratio to baseline \| peak RSS MiB \| ADLS requests\/object vs bound \| all requests\/object \| bytes through the function \|$/,
    );
    expect(lines[1]).toMatch(/^\|( -+ \|)+$/);
    expect(lines[3]).toMatch(
      /^\| 16 MiB \| streaming \| 40\s+\| 0\.94×\s+\| 212\s+\| 5 \/ ≤ 5\s+\| 6\s+\|/,
    );
    expect(new Set(lines.map((line) => line.length)).size).toBe(1);
  });
});

import {
  blocksFor,
  combineRuns,
  countRequests,
  measurementFrom,
  MIB,
  mibPerSecond,
  requestBound,
  type ChildFigures,
} from '../../../../../scripts/bench/transfer/measurements';
import { median } from '../../../../../scripts/bench/statistics';

const child = (overrides: Partial<ChildFigures> = {}): ChildFigures => ({
  durationMs: 2000,
  maxRssKiB: 1_600_000,
  peakRssKiB: 150 * 1024,
  rssBeforeCopyKiB: 120 * 1024,
  ...overrides,
});

describe('request bound', () => {
  it('is one request per block plus four, counting a partial last block', () => {
    expect(blocksFor(16 * MIB, 100 * MIB)).toBe(1);
    expect(blocksFor(256 * MIB, 100 * MIB)).toBe(3);
    expect(blocksFor(1024 * MIB, 100 * MIB)).toBe(11);
    expect(blocksFor(200 * MIB, 100 * MIB)).toBe(2);
    expect(requestBound(1024 * MIB, 100 * MIB)).toBe(15);
  });
});

describe('countRequests', () => {
  it('separates the once-per-container secret read from the per-object requests', () => {
    const counts = countRequests(
      { 'azure:PutBlobFromURL': 1, 's3:GetObject': 1, 'secretsmanager:GetSecretValue': 1 },
      5,
    );

    expect(counts).toMatchObject({ total: 3, perObject: 2, bound: 5 });
  });

  it('counts the ADLS requests, which the bound is about, apart from the S3 side', () => {
    const counts = countRequests({
      'azure:GetBlobProperties': 1,
      'azure:AppendData': 3,
      'azure:FlushData': 1,
      's3:HeadObject': 1,
      's3:GetObject': 1,
      'secretsmanager:GetSecretValue': 1,
    });

    expect(counts).toMatchObject({ total: 8, perObject: 7, adls: 5 });
  });

  it('has no bound when none is given (the baseline)', () => {
    expect(countRequests({ 'azure:PutBlob': 1 })).not.toHaveProperty('bound');
  });
});

describe('mibPerSecond', () => {
  it('divides MiB by seconds', () => {
    expect(mibPerSecond(256 * MIB, 2000)).toBe(128);
  });
});

describe('measurementFrom', () => {
  it('derives throughput, the ratio to the baseline, peak RSS from VmHWM and the bound', () => {
    const row = measurementFrom({
      sizeMiB: 256,
      kind: 'streaming',
      child: child({
        metrics: { BytesThroughFunction: 256 * MIB },
        s3Commands: { GetObjectCommand: 3, HeadObjectCommand: 1 },
        modeUsed: 'streaming',
      }),
      byOperation: { 's3:GetObject': 3, 'secretsmanager:GetSecretValue': 1 },
      blockSizeBytes: 100 * MIB,
      baselineMiBPerSecond: 160,
    });

    expect(row).toMatchObject({
      mibPerSecond: 128,
      ratioToBaseline: 0.8,
      peakRssMiB: 150,
      resourceUsageMaxRssMiB: 1562.5,
      rssBeforeCopyMiB: 120,
      requests: { total: 4, perObject: 3, adls: 0, bound: 7 },
      bytesThroughFunction: 256 * MIB,
      functionS3GetObject: 3,
      modeUsed: 'streaming',
    });
  });

  it('falls back to resourceUsage maxRSS when VmHWM is unknown', () => {
    const row = measurementFrom({
      sizeMiB: 16,
      kind: 'baseline',
      child: child({ peakRssKiB: undefined, maxRssKiB: 100 * 1024 }),
      byOperation: {},
      blockSizeBytes: 100 * MIB,
    });

    expect(row.peakRssMiB).toBe(100);
  });

  it('gives the baseline no ratio, bound or function figures', () => {
    const row = measurementFrom({
      sizeMiB: 16,
      kind: 'baseline',
      child: child(),
      byOperation: { 's3:GetObject': 1, 'azure:PutBlob': 1 },
      blockSizeBytes: 100 * MIB,
    });

    expect(row).not.toHaveProperty('ratioToBaseline');
    expect(row).not.toHaveProperty('bytesThroughFunction');
    expect(row.requests).not.toHaveProperty('bound');
  });

  it('marks a missing BytesThroughFunction metric as NaN, never as 0', () => {
    const row = measurementFrom({
      sizeMiB: 16,
      kind: 'server-side',
      child: child({ metrics: {} }),
      byOperation: {},
      blockSizeBytes: 100 * MIB,
      baselineMiBPerSecond: 10,
    });

    expect(row.bytesThroughFunction).toBeNaN();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('combineRuns', () => {
  it('keeps the median duration, the highest memory and the run with the most requests', () => {
    const combined = combineRuns([
      { child: child({ durationMs: 300, peakRssKiB: 100 }), byOperation: { a: 2 } },
      { child: child({ durationMs: 100, peakRssKiB: 300 }), byOperation: { a: 3 } },
      { child: child({ durationMs: 200, peakRssKiB: 200 }), byOperation: { a: 2 } },
    ]);

    expect(combined.child.durationMs).toBe(200);
    expect(combined.child.peakRssKiB).toBe(300);
    expect(combined.byOperation).toEqual({ a: 3 });
  });

  it('refuses no runs', () => {
    expect(() => combineRuns([])).toThrow(RangeError);
  });
});

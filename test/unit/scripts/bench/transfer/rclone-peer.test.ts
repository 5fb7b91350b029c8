import {
  formatMarkdownTable,
  formatText,
  type BenchResult,
} from '../../../../../scripts/bench/transfer/format';
import {
  MIB,
  measurementFrom,
  type CopyMeasurement,
} from '../../../../../scripts/bench/transfer/measurements';
import { readMemory } from '../../../../../scripts/bench/transfer/rclone-peer';
import { evaluateTargets, PEER_TARGETS } from '../../../../../scripts/bench/transfer/targets';

const status = (name: string) =>
  `Name:\t${name}\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 1300000 kB\nVmHWM:\t  140000 kB\nVmRSS:\t  120000 kB\n`;

describe('readMemory', () => {
  it('reads VmHWM and VmRSS once the process is rclone', () => {
    expect(readMemory(status('rclone'), 'rclone')).toEqual({ peakKiB: 140000, rssKiB: 120000 });
  });

  it('ignores the fork before exec, which still carries the parent’s memory', () => {
    expect(readMemory(status('node'), 'rclone')).toBeUndefined();
  });
});

/** One size's rows: rclone at 100 MiB/s and 150 MiB, streaming as given. */
function rowsAt(sizeMiB: number, streaming: { mibPerSecond: number; peakRssMiB: number }) {
  const figures = (mibPerSecond: number, peakRssMiB: number) => ({
    durationMs: ((sizeMiB * MIB) / MIB / mibPerSecond) * 1000,
    maxRssKiB: peakRssMiB * 1024,
    peakRssKiB: peakRssMiB * 1024,
    rssBeforeCopyKiB: 10 * 1024,
  });
  const byOperation = { 'azure:AppendData': 1 };
  const rclone = measurementFrom({
    sizeMiB,
    kind: 'rclone',
    child: figures(100, 150),
    byOperation,
    blockSizeBytes: 4 * MIB,
  });
  const baseline = measurementFrom({
    sizeMiB,
    kind: 'baseline',
    child: figures(80, 110),
    byOperation,
    blockSizeBytes: 4 * MIB,
  });
  const transfer = measurementFrom({
    sizeMiB,
    kind: 'streaming',
    child: figures(streaming.mibPerSecond, streaming.peakRssMiB),
    byOperation,
    blockSizeBytes: 4 * MIB,
    baselineMiBPerSecond: baseline.mibPerSecond,
    rclone,
  });
  return { rclone, baseline, transfer };
}

describe('measurements against rclone', () => {
  it('give the function’s throughput and peak RSS as ratios to rclone’s', () => {
    const { rclone, transfer } = rowsAt(256, { mibPerSecond: 120, peakRssMiB: 135 });

    expect(transfer).toMatchObject({ ratioToRclone: 1.2, peakRssRatioToRclone: 0.9 });
    // rclone is a reference, like the baseline: no bound, no function figures.
    expect(rclone).not.toHaveProperty('ratioToRclone');
    expect(rclone.requests).not.toHaveProperty('bound');
    expect(rclone).not.toHaveProperty('bytesThroughFunction');
  });
});

describe('targets against rclone', () => {
  const checksFor = (streaming: { mibPerSecond: number; peakRssMiB: number }) =>
    evaluateTargets(
      [16, 256, 1024].flatMap((sizeMiB) => {
        const { rclone, baseline, transfer } = rowsAt(sizeMiB, streaming);
        return [baseline, rclone, transfer];
      }),
    ).filter((check) => check.target.includes('rclone'));

  it('are checked at 256 MiB and 1 GiB only', () => {
    expect(PEER_TARGETS).toEqual({ minThroughputRatioToRclone: 1.0, sizesMiB: [256, 1024] });
    expect(checksFor({ mibPerSecond: 100, peakRssMiB: 149 }).map((check) => check.subject)).toEqual(
      ['256 MiB streaming', '256 MiB streaming', '1024 MiB streaming', '1024 MiB streaming'],
    );
  });

  it('are met at exactly 1.0× the throughput with a lower peak RSS', () => {
    expect(checksFor({ mibPerSecond: 100, peakRssMiB: 149 }).every((check) => check.met)).toBe(
      true,
    );
  });

  it('are missed below rclone’s throughput, and at a peak RSS as high as rclone’s', () => {
    const missed = checksFor({ mibPerSecond: 99, peakRssMiB: 150 }).filter((check) => !check.met);

    expect(missed.map((check) => check.target)).toEqual([
      'streaming throughput ≥ 1.0× rclone',
      'streaming peak RSS < rclone',
      'streaming throughput ≥ 1.0× rclone',
      'streaming peak RSS < rclone',
    ]);
  });

  it('are not checked when rclone did not run', () => {
    const { baseline, transfer } = rowsAt(256, { mibPerSecond: 50, peakRssMiB: 400 });
    const withoutPeer: CopyMeasurement = { ...transfer };
    delete (withoutPeer as { ratioToRclone?: number }).ratioToRclone;

    expect(
      evaluateTargets([baseline, withoutPeer]).some((check) => check.target.includes('rclone')),
    ).toBe(false);
  });
});

describe('output with the rclone peer', () => {
  const { rclone, baseline, transfer } = rowsAt(256, { mibPerSecond: 120, peakRssMiB: 135 });
  const result: BenchResult = {
    date: '2026-12-06',
    machine: { cores: 2, memoryGiB: 24, node: '20.20.2', platform: 'linux-x64' },
    settings: {
      blockSizeMiB: 100,
      concurrency: 8,
      streamingBlockSizeMiB: 4,
      streamingConcurrency: 16,
    },
    measurements: [baseline, rclone, transfer],
    targets: [],
    peer: { rclone: 'rclone v1.60.1-DEV' },
  };

  it('adds the ratio columns and names the peer and the streaming settings', () => {
    const text = formatText(result);
    const [header] = formatMarkdownTable(result).split('\n');

    expect(text).toContain('peer: rclone v1.60.1-DEV');
    expect(text).toContain('STREAMING_BLOCK_SIZE_MIB=4 STREAMING_CONCURRENCY=16');
    expect(text).toMatch(/256 MiB\s+streaming\s+120\s+1\.50×\s+1\.20×\s+135\s+0\.90×/);
    expect(header).toContain('| ratio to rclone |');
    expect(header).toContain('| peak RSS vs rclone |');
  });

  it('says the peer was skipped, and has no rclone columns, without rclone', () => {
    const skipped = {
      ...result,
      measurements: [baseline, transfer],
      peer: { skipped: 'rclone is not on PATH' },
    };

    expect(formatText(skipped)).toContain('peer: rclone skipped (rclone is not on PATH)');
    expect(formatMarkdownTable(skipped)).not.toContain('rclone');
  });
});

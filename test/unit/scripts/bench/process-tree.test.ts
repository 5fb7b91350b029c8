import {
  countedTree,
  sumRssKiB,
  type ProcessEntry,
} from '../../../../scripts/bench/local-run/process-tree';
import { describePeak } from '../../../../scripts/bench/local-run/run-size';
import { CACHE_DIRECTORY } from '../../../../scripts/local-platform/lambda-runtime/function-bundle';

const sumTree = (entries: readonly ProcessEntry[], root: number) =>
  sumRssKiB(countedTree(entries, root));

const entry = (pid: number, parent: number, rssKiB: number, commandLine: string): ProcessEntry => ({
  pid,
  parent,
  rssKiB,
  commandLine,
});

describe("a run's process tree", () => {
  const run = 'node\0--import\0tsx\0scripts/local-run/cli.ts\0';
  const python = 'python3\0scripts/local-platform/glue-jobs/local_job.py\0';

  it('sums the root and every descendant, and nothing outside the tree', () => {
    const entries = [
      entry(10, 1, 900_000, run),
      entry(11, 10, 120_000, 'node\0function.js\0'),
      entry(12, 10, 500_000, python),
      entry(13, 12, 1_000, 'sh\0-c\0true\0'),
      entry(20, 1, 7_000_000, 'something else\0'),
    ];
    expect(sumTree(entries, 10)).toBe(1_521_000);
  });

  it('does not count a child caught between fork and exec (a copy of its parent) a second time', () => {
    const entries = [
      entry(10, 1, 900_000, run),
      entry(11, 10, 900_000, run), // forked, not yet exec'd
      entry(12, 10, 500_000, python),
    ];
    expect(sumTree(entries, 10)).toBe(1_400_000);
  });

  it('is 0 once the root has exited', () => {
    expect(sumTree([entry(11, 1, 120_000, python)], 10)).toBe(0);
  });

  it("says what held the peak in the run's terms", () => {
    const atPeak = [
      entry(10, 1, 1_024_000, run),
      entry(11, 10, 102_400, `node\0${CACHE_DIRECTORY}/s3-to-adls/index.js\0`),
      entry(12, 10, 204_800, `node\0${CACHE_DIRECTORY}/register/index.js\0`),
      entry(13, 10, 512_000, python),
    ];
    expect(describePeak(atPeak, 10)).toBe(
      'the run (localcloud, the database engine) 1000 MiB, function containers ×2 300 MiB, the Glue job (Python) 500 MiB',
    );
  });
});

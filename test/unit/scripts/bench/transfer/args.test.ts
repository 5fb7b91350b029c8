import {
  BenchArgumentError,
  DEFAULT_RUNS,
  DEFAULT_SIZES_MIB,
  parseBenchArgs,
  parseSizes,
} from '../../../../../scripts/bench/transfer/args';

describe('parseBenchArgs', () => {
  it('defaults to 16 MiB, 256 MiB and 1 GiB, three runs, text output, the function’s settings', () => {
    const options = parseBenchArgs([]);

    expect(options).toEqual({
      sizesMiB: [16, 256, 1024],
      json: false,
      markdown: false,
      runs: DEFAULT_RUNS,
    });
    expect(DEFAULT_SIZES_MIB).toEqual([16, 256, 1024]);
    expect(DEFAULT_RUNS).toBe(3);
  });

  it('reads a subset of sizes, --json, --runs and the copy settings', () => {
    const options = parseBenchArgs([
      '--sizes',
      '256,16',
      '--json',
      '--runs',
      '1',
      '--block-size-mib',
      '8',
      '--concurrency',
      '4',
    ]);

    expect(options).toEqual({
      sizesMiB: [16, 256],
      json: true,
      markdown: false,
      runs: 1,
      blockSizeMiB: 8,
      concurrency: 4,
    });
  });

  it('takes --markdown', () => {
    expect(parseBenchArgs(['--markdown']).markdown).toBe(true);
  });

  it.each([
    [['--sizes', '16,abc'], /--sizes takes positive whole numbers, got "abc"/],
    [['--sizes', '0'], /--sizes takes positive whole numbers, got "0"/],
    [['--sizes', '1.5'], /--sizes takes positive whole numbers/],
    [['--sizes', '16,'], /--sizes takes positive whole numbers, got ""/],
    [['--runs=-1'], /--runs takes positive whole numbers/],
    [['--concurrency', 'many'], /--concurrency takes positive whole numbers/],
    [['--block-size-mib', ''], /--block-size-mib takes positive whole numbers/],
    [['--size', '16'], /Unknown option '--size'.*Usage: bench:transfer/],
    [['extra'], /Usage: bench:transfer/],
  ])('refuses %j with a message naming the problem', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(BenchArgumentError);
    expect(() => parseBenchArgs(argv)).toThrow(message);
  });
});

describe('parseSizes', () => {
  it('sorts and removes repeats, tolerating spaces', () => {
    expect(parseSizes('1024, 16,256,16')).toEqual([16, 256, 1024]);
  });
});

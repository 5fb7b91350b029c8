import { HELP, parseGenerateArgs, yesterday } from '../../../../scripts/generate-data/args';
import { UsageError } from '../../../../scripts/shared/usage-error';

const NOW = new Date('2026-03-03T10:00:00Z');

describe('parseGenerateArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseGenerateArgs(['--out-dir', 'data'], NOW)).toEqual({
      seed: 42,
      size: 'medium',
      day: '2026-03-02',
      historyDays: 180,
      outDir: 'data',
      env: 'dev',
      quiet: false,
    });
  });

  it('reads every option', () => {
    expect(
      parseGenerateArgs(
        [
          '--endpoint',
          'http://127.0.0.1:4566',
          '--seed',
          '7',
          '--size',
          '1200',
          '--day',
          '2024-02-29',
          '--history-days',
          '0',
          '--env',
          'prod',
          '--region',
          'eu-central-1',
          '--quiet',
        ],
        NOW,
      ),
    ).toEqual({
      seed: 7,
      size: 1200,
      day: '2024-02-29',
      historyDays: 0,
      endpoint: 'http://127.0.0.1:4566',
      env: 'prod',
      region: 'eu-central-1',
      quiet: true,
    });
  });

  it('answers --help', () => {
    expect(parseGenerateArgs(['--help'], NOW)).toBe(HELP);
  });

  it.each([
    [[], /exactly one of --out-dir/],
    [['--out-dir', 'a', '--endpoint', 'http://x'], /exactly one of --out-dir/],
    [['--out-dir', 'a', '--seed', '1.5'], /--seed must be a whole number/],
    [['--out-dir', 'a', '--seed', '4294967296'], /--seed must be a whole number/],
    [['--out-dir', 'a', '--size', 'huge'], /small, medium, large or a number/],
    [['--out-dir', 'a', '--size', '0'], /from 1 to/],
    [['--out-dir', 'a', '--day', '2026-02-29'], /calendar day/],
    [['--out-dir', 'a', '--day', '02/03/2026'], /calendar day/],
    [['--out-dir', 'a', '--history-days=-1'], /--history-days must be a whole number from 0/],
    [['--out-dir', 'a', '--history-days', '1096'], /from 0 to 1095; got "1096"/],
    [['--endpoint', 'localhost:4566'], /--endpoint must be an http\(s\) URL/],
    [['--out-dir', 'a', '--region', 'Ireland'], /--region must be an AWS region/],
    [['--out-dir', 'a', '--colour'], /Unknown option/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseGenerateArgs(argv, NOW)).toThrow(UsageError);
    expect(() => parseGenerateArgs(argv, NOW)).toThrow(message);
  });

  it('takes yesterday in UTC whatever the hour', () => {
    expect(yesterday(new Date('2026-03-01T00:00:01Z'))).toBe('2026-02-28');
    expect(yesterday(new Date('2026-03-01T23:59:59Z'))).toBe('2026-02-28');
  });
});

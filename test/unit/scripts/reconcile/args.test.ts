import { HELP, parseReconcileArgs } from '../../../../scripts/reconcile/args';
import { UsageError } from '../../../../scripts/shared/usage-error';

describe('parseReconcileArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseReconcileArgs(['--zone', 'raw'])).toEqual({
      zone: 'raw',
      prefix: '',
      env: 'dev',
      json: false,
      limit: 20,
      s3EtagIsMd5: false,
    });
  });

  it('reads every option', () => {
    expect(
      parseReconcileArgs([
        '--zone=curated',
        '--prefix',
        'access_events/',
        '--env',
        'prod',
        '--bucket',
        'my-bucket',
        '--account-url',
        'https://acct.blob.core.windows.net',
        '--json',
        '--limit',
        '0',
        '--s3-etag-is-md5',
        '--page-size',
        '100',
      ]),
    ).toEqual({
      zone: 'curated',
      prefix: 'access_events/',
      env: 'prod',
      bucket: 'my-bucket',
      accountUrl: 'https://acct.blob.core.windows.net',
      json: true,
      limit: 0,
      s3EtagIsMd5: true,
      pageSize: 100,
    });
  });

  it('answers --help without requiring a zone', () => {
    expect(parseReconcileArgs(['--help'])).toBe(HELP);
  });

  it.each([
    [[], /--zone is required/],
    [['--zone', 'lake'], /--zone must be one of landing, raw, clean, curated; got "lake"/],
    [['--zone', 'raw', '--limit', 'many'], /--limit must be a whole number; got "many"/],
    [['--zone', 'raw', '--limit', '-1'], /--limit/],
    [['--zone', 'raw', '--page-size', '0'], /--page-size must be at least 1/],
    [['--zone', 'raw', '--bucket', ' '], /--bucket must not be empty/],
    [['--zone', 'raw', '--frobnicate'], /frobnicate/],
    [['--zone', 'raw', 'extra'], /extra/],
    [['--zone'], /--zone/],
  ])('refuses %j with a UsageError', (argv, message) => {
    expect(() => parseReconcileArgs(argv)).toThrow(UsageError);
    expect(() => parseReconcileArgs(argv)).toThrow(message);
  });
});

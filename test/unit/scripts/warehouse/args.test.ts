import {
  WarehouseArgumentError,
  parseEltArgs,
  parseMigrateArgs,
  parseQueryArgs,
} from '../../../../scripts/warehouse/args';

describe('parseMigrateArgs', () => {
  it('defaults to the dev environment and leaves names to the platform', () => {
    expect(parseMigrateArgs([])).toEqual({ env: 'dev' });
  });

  it('takes every connection flag', () => {
    expect(
      parseMigrateArgs([
        '--workgroup',
        'wg',
        '--database',
        'db',
        '--endpoint',
        'aws',
        '--env',
        'prod',
        '--sql-dir',
        '/tmp/sql',
        '--secret-arn',
        'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin-AbC123',
      ]),
    ).toEqual({
      env: 'prod',
      workgroup: 'wg',
      database: 'db',
      endpoint: 'aws',
      sqlDir: '/tmp/sql',
      secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin-AbC123',
    });
  });

  it.each([[['--bogus']], [['extra']], [['--database', ' ']], [['--secret-arn', '']]])(
    'refuses %p',
    (argv) => {
      expect(() => parseMigrateArgs(argv)).toThrow(WarehouseArgumentError);
    },
  );

  it('keeps --secret-arn to migrate: the ELT and queries run as their own identity', () => {
    expect(() => parseQueryArgs(['--list', '--secret-arn', 'arn'])).toThrow(WarehouseArgumentError);
  });
});

describe('parseQueryArgs', () => {
  it('reads a name and repeated --param name=value pairs (values may hold = and spaces)', () => {
    expect(
      parseQueryArgs(['peak_hours', '--param', 'from_date=2024-05-01', '--param', 'note=a = b']),
    ).toEqual({
      env: 'dev',
      mode: 'run',
      name: 'peak_hours',
      params: { from_date: '2024-05-01', note: 'a = b' },
    });
  });

  it('reads --list', () => {
    expect(parseQueryArgs(['--list'])).toEqual({ env: 'dev', mode: 'list' });
  });

  it.each([
    [[], /Name a query/],
    [['a', 'b'], /One query at a time/],
    [['a', '--param', 'novalue'], /--param takes name=value/],
    [['a', '--param', 'x=1', '--param', 'x=2'], /--param x is given twice/],
    [['--list', 'a'], /--list takes no query name/],
  ])('refuses %p', (argv, message) => {
    expect(() => parseQueryArgs(argv)).toThrow(message);
  });
});

describe('parseEltArgs', () => {
  it('needs a day and defaults to JSON files', () => {
    expect(parseEltArgs(['--day', '2024-05-01'])).toEqual({
      env: 'dev',
      day: '2024-05-01',
      format: 'json',
    });
  });

  it('takes the first day of a range', () => {
    expect(parseEltArgs(['--day', '2024-05-01', '--from', '2024-04-01'])).toMatchObject({
      day: '2024-05-01',
      from: '2024-04-01',
    });
    expect(() => parseEltArgs(['--day', '2024-05-01', '--from', '2024-4-1'])).toThrow(
      /--from must be YYYY-MM-DD/,
    );
  });

  it('takes buckets, the COPY role and the format', () => {
    expect(
      parseEltArgs([
        '--day',
        '2024-05-01',
        '--format',
        'parquet',
        '--clean-bucket',
        'c',
        '--curated-bucket',
        'k',
        '--copy-role-arn',
        'arn:aws:iam::123456789012:role/copy',
      ]),
    ).toMatchObject({
      format: 'parquet',
      cleanBucket: 'c',
      curatedBucket: 'k',
      copyRoleArn: 'arn:aws:iam::123456789012:role/copy',
    });
  });

  it.each([
    [[], /--day YYYY-MM-DD is required/],
    [['--day', '1 May'], /--day YYYY-MM-DD is required/],
    [['--day', '2024-05-01', '--format', 'csv'], /--format must be json or parquet/],
  ])('refuses %p', (argv, message) => {
    expect(() => parseEltArgs(argv)).toThrow(message);
  });
});

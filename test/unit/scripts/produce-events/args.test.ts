import { HELP, parseBrokers, parseProduceArgs } from '../../../../scripts/produce-events/args';
import { UsageError } from '../../../../scripts/shared/usage-error';

describe('parseProduceArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseProduceArgs([])).toEqual({
      topics: [],
      rate: 10,
      auth: 'iam',
      dryRun: false,
      env: 'dev',
      flat: false,
      burst: false,
    });
  });

  it('reads every option', () => {
    expect(
      parseProduceArgs([
        '--topic',
        'access-events',
        '--topic=purchases',
        '--rate',
        '50',
        '--seed',
        '42',
        '--brokers',
        'b-1.msk:9098,b-2.msk:9098',
        '--auth',
        'none',
        '--region',
        'eu-central-1',
        '--count',
        '1000',
        '--env',
        'prod',
        '--dry-run',
        '--flat',
      ]),
    ).toEqual({
      topics: ['access-events', 'purchases'],
      rate: 50,
      seed: 42,
      brokers: ['b-1.msk:9098', 'b-2.msk:9098'],
      auth: 'none',
      region: 'eu-central-1',
      count: 1000,
      dryRun: true,
      env: 'prod',
      flat: true,
      burst: false,
    });
    expect(parseProduceArgs(['--duration', '1.5', '--rate', '0.5'])).toMatchObject({
      durationSeconds: 1.5,
      rate: 0.5,
    });
  });

  it('reads --clock-offset in seconds, ahead or behind', () => {
    expect(parseProduceArgs(['--clock-offset', '12.5'])).toMatchObject({
      clockOffsetSeconds: 12.5,
    });
    expect(parseProduceArgs(['--clock-offset=-3'])).toMatchObject({ clockOffsetSeconds: -3 });
    expect(parseProduceArgs(['--burst', '--clock-offset', '30'])).toMatchObject({
      burst: true,
      clockOffsetSeconds: 30,
    });
  });

  it('answers --help', () => {
    expect(parseProduceArgs(['--help'])).toBe(HELP);
  });

  it.each([
    [['--rate', 'fast'], /--rate must be a number; got "fast"/],
    [['--rate', '0'], /--rate must be more than 0/],
    [['--count', '-1'], /--count/],
    [['--count', '0'], /--count must be more than 0/],
    [['--count', '5', '--duration', '5'], /--count or --duration, not both/],
    [['--seed', '4294967296'], /--seed must be at most 4294967295/],
    [['--seed', 'abc'], /--seed must be a whole number/],
    [['--auth', 'scram'], /--auth must be iam or none; got "scram"/],
    [['--region', 'europe'], /--region must be an AWS region/],
    [['--brokers', 'localhost'], /--brokers: "localhost" is not host:port/],
    [['--clock-offset', 'soon'], /--clock-offset must be a number of seconds; got "soon"/],
    [['--frobnicate'], /frobnicate/],
    [['extra'], /extra/],
  ])('rejects %p', (argv, message) => {
    expect(() => parseProduceArgs(argv)).toThrow(UsageError);
    expect(() => parseProduceArgs(argv)).toThrow(message);
  });
});

describe('parseBrokers', () => {
  it('splits, trims and checks host:port', () => {
    expect(parseBrokers(' a.example:9098 , [::1]:9092,', 'KAFKA_BROKERS')).toEqual([
      'a.example:9098',
      '[::1]:9092',
    ]);
    expect(() => parseBrokers('a:70000', 'KAFKA_BROKERS')).toThrow(
      'KAFKA_BROKERS: "a:70000" is not host:port',
    );
    expect(() => parseBrokers(' , ', 'KAFKA_BROKERS')).toThrow('KAFKA_BROKERS lists no broker');
  });
});

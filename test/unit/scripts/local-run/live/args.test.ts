import { parseLocalRunArgs } from '../../../../../scripts/local-run/args';
import { HELP, parseLiveArgs } from '../../../../../scripts/local-run/live/args';
import { UsageError } from '../../../../../scripts/shared/usage-error';

describe('parseLiveArgs', () => {
  it('applies the documented defaults', () => {
    expect(parseLiveArgs([])).toEqual({
      env: 'dev',
      rate: 10,
      seed: 42,
      dashboardPort: 8800,
      dashboardPortGiven: false,
      port: 4566,
      azurePort: 10000,
      portsGiven: false,
      reportDirectory: 'reports',
    });
  });

  it('reads every option', () => {
    expect(
      parseLiveArgs([
        '--rate=25',
        '--seed=3',
        '--dashboard-port=0',
        '--port=0',
        '--azure-port=0',
        '--report-dir=out',
        '--env=prod',
      ]),
    ).toEqual({
      env: 'prod',
      rate: 25,
      seed: 3,
      dashboardPort: 0,
      dashboardPortGiven: true,
      port: 0,
      azurePort: 0,
      portsGiven: true,
      reportDirectory: 'out',
    });
  });

  it.each([
    [['--rate', '0'], '--rate'],
    [['--rate', '2.5'], '--rate'],
    [['--dashboard-port', '70000'], '--dashboard-port'],
    [['--burst'], 'burst'],
  ])('refuses %j', (argv, named) => {
    expect(() => parseLiveArgs(argv)).toThrow(UsageError);
    expect(() => parseLiveArgs(argv)).toThrow(named);
  });

  it('answers --help', () => {
    expect(parseLiveArgs(['--help'])).toBe(HELP);
  });
});

describe('npm start --dashboard-port', () => {
  it('defaults to 8800, falling back when taken', () => {
    expect(parseLocalRunArgs([])).toMatchObject({ dashboardPort: 8800, dashboardPortGiven: false });
  });

  it('takes a port, 0 for any free one', () => {
    expect(parseLocalRunArgs(['--keep', '--dashboard-port', '0'])).toMatchObject({
      keep: true,
      dashboardPort: 0,
      dashboardPortGiven: true,
    });
    expect(() => parseLocalRunArgs(['--dashboard-port', 'x'])).toThrow(UsageError);
  });
});

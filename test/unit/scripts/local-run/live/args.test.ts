import { parseLocalRunArgs } from '../../../../../scripts/local-run/args';
import { loadPlatform } from '../../../../../infra/platform';
import { HELP, maxLiveRate, parseLiveArgs } from '../../../../../scripts/local-run/live/args';
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
        '--rate=15',
        '--seed=3',
        '--dashboard-port=0',
        '--port=0',
        '--azure-port=0',
        '--report-dir=out',
        '--env=prod',
      ]),
    ).toEqual({
      env: 'prod',
      rate: 15,
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
    [['--rate', '22'], '--rate must be a whole number from 1 to 21'],
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

describe('maxLiveRate', () => {
  it('keeps ordinary web minutes within three quarters of the ceiling', () => {
    const platform = loadPlatform('dev');
    const rate = maxLiveRate(platform);
    // Web logs are 5 of the producer's 14 shares (access events 5, interactions 3, purchases 1).
    const webPerMinute = (rate * 60 * 5) / 14;

    expect(rate).toBe(21);
    expect(webPerMinute).toBeLessThanOrEqual(
      0.75 * platform.trafficMonitor.botRule.maxRequestsPerMinute,
    );
    expect(((rate + 1) * 60 * 5) / 14).toBeGreaterThan(
      0.75 * platform.trafficMonitor.botRule.maxRequestsPerMinute,
    );
  });
});

describe('npm start --dashboard-port', () => {
  it('defaults to 8800, falling back when taken', () => {
    expect(parseLocalRunArgs([])).toMatchObject({ dashboardPort: 8800, dashboardPortGiven: false });
  });

  it('refuses --keep with a day that is not over: live minutes would be added to it', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    expect(() => parseLocalRunArgs(['--keep', '--day', '2026-12-07'], now)).toThrow(
      '--keep goes live after the run, so the day must be over',
    );
    expect(() => parseLocalRunArgs(['--keep', '--day', '2026-12-08'], now)).toThrow(UsageError);
    expect(parseLocalRunArgs(['--keep', '--day', '2026-12-06'], now)).toMatchObject({
      keep: true,
      day: '2026-12-06',
    });
    expect(parseLocalRunArgs(['--day', '2026-12-07'], now)).toMatchObject({ keep: false });
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

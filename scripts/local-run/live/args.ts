/** The command line of `npm run live`, parsed into options or a `UsageError`. */
import { HELP, parseOptions } from '../../shared/cli-main';
import { DEFAULT_DASHBOARD_PORT, integer } from '../args';
import { monitoredTopics } from '../../../infra/aws/facts/traffic';
import { loadPlatform, type Platform } from '../../../infra/platform';
import { resolveTopics } from '../../produce-events/event-source';

export interface LiveArgs {
  /** @default 'dev' */
  readonly env: string;
  /** Records per second the producer sends. @default 10 */
  readonly rate: number;
  /** @default 42 */
  readonly seed: number;
  /** @default 8800 */
  readonly dashboardPort: number;
  readonly dashboardPortGiven: boolean;
  /** localcloud's AWS port. @default 4566 */
  readonly port: number;
  /** localcloud's Azure Storage port. @default 10000 */
  readonly azurePort: number;
  readonly portsGiven: boolean;
  /** Where the function logs go. @default 'reports' */
  readonly reportDirectory: string;
}

export { HELP };

export const LIVE_USAGE = `Usage: npm run live -- [options]

Runs the platform on localcloud in real time, without a day of data first: deploys it, starts
its functions and streaming jobs, keeps the producer streaming and serves a live dashboard on
127.0.0.1. Ctrl-C stops everything.

  --rate <n>            records per second the producer sends (default: 10; at most 21, so
                        ordinary web traffic stays well under the bot ceiling)
  --seed <n>            seed of the simulated users (default: 42)
  --dashboard-port <n>  the dashboard's port (default: ${DEFAULT_DASHBOARD_PORT}; 0 = any free port)
  --port <n>            localcloud's AWS port (default: 4566; 0 = any free port)
  --azure-port <n>      localcloud's Azure Storage port (default: 10000; 0 = any free port)
  --report-dir <dir>    where the function logs go (default: reports)
  --env <name>          platform environment (default: dev)
  --help                show this help`;

/**
 * The busiest flat rate the live producer may be given: its ordinary web requests must stay
 * under three quarters of the bot ceiling, or every minute would be flagged and a burst could
 * never stand out (21 records/s with the definition's ceiling of 600 a minute).
 */
export function maxLiveRate(platform: Platform): number {
  const targets = resolveTopics(platform, []);
  const requests = monitoredTopics(platform).requests.name;
  const total = targets.reduce((sum, target) => sum + target.generator.trafficShare, 0);
  const web = targets.find((target) => target.topic.name === requests)?.generator.trafficShare ?? 0;
  const ceilingPerSecond = platform.trafficMonitor.botRule.maxRequestsPerMinute / 60;
  return Math.floor((0.75 * ceilingPerSecond * total) / web);
}

export function parseLiveArgs(argv: readonly string[]): LiveArgs | typeof HELP {
  const values = parseOptions(argv, {
    rate: { type: 'string' },
    seed: { type: 'string' },
    'dashboard-port': { type: 'string' },
    port: { type: 'string' },
    'azure-port': { type: 'string' },
    'report-dir': { type: 'string' },
    env: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return HELP;
  const env = values.env ?? 'dev';
  const maxRate = maxLiveRate(loadPlatform(env));
  const port = (flag: string, text: string | undefined, fallback: number) =>
    text === undefined ? fallback : integer(flag, text, 0, 65535);
  return {
    env,
    rate: values.rate === undefined ? 10 : integer('--rate', values.rate, 1, maxRate),
    seed: values.seed === undefined ? 42 : integer('--seed', values.seed, 0, 2 ** 31 - 1),
    dashboardPort: port('--dashboard-port', values['dashboard-port'], DEFAULT_DASHBOARD_PORT),
    dashboardPortGiven: values['dashboard-port'] !== undefined,
    port: port('--port', values.port, 4566),
    azurePort: port('--azure-port', values['azure-port'], 10000),
    portsGiven: values.port !== undefined || values['azure-port'] !== undefined,
    reportDirectory: values['report-dir'] ?? 'reports',
  };
}

/** The command line of `npm start`, parsed into options or a `UsageError`. */
import { UsageError } from '../shared/usage-error';
import { HELP, parseOptions } from '../shared/cli-main';
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS } from '../generate-data/customer-history';

/** The live dashboard's port when none is given (`--keep`, `npm run live`). */
export const DEFAULT_DASHBOARD_PORT = 8800;

export const SIZES = ['small', 'medium', 'large'] as const;
export type DataSize = (typeof SIZES)[number] | number;

export interface LocalRunArgs {
  /** Platform environment whose definition is deployed. @default 'dev' */
  readonly env: string;
  /** The UTC day to generate and process (YYYY-MM-DD). @default yesterday (UTC) */
  readonly day: string;
  readonly seed: number;
  readonly size: DataSize;
  /** Days of customer history before the day. @default DEFAULT_HISTORY_DAYS */
  readonly historyDays: number;
  /** Leave localcloud running after the report, until Ctrl-C. @default false */
  readonly keep: boolean;
  /** Where local-run.html, local-run.json and the function logs go. @default 'reports' */
  readonly reportDirectory: string;
  /** localcloud's AWS port; 0 picks a free one. @default 4566 (LocalStack's, so tools find it) */
  readonly port: number;
  /** localcloud's Azure Storage port; 0 picks a free one. @default 10000 (Azurite's) */
  readonly azurePort: number;
  /** Whether the ports were given (if not, busy defaults fall back to free ports). */
  readonly portsGiven: boolean;
  /** The live dashboard's port with `--keep`; 0 picks a free one. @default 8800 */
  readonly dashboardPort: number;
  /** Whether `--dashboard-port` was given (if not, a busy default falls back to a free port). */
  readonly dashboardPortGiven: boolean;
  /** No progress bars or step lines; the report is still printed. @default false */
  readonly quiet: boolean;
  /**
   * Kill the streaming jobs' process mid-stream, in the middle of a batch (its files written, its
   * end not committed), and start it again, as a crashed job driver would be: the raw zone must
   * still hold every record once. @default false
   */
  readonly killStreamJobs: boolean;
}

export { HELP };

export const USAGE = `Usage: npm start -- [options]

Runs the whole platform on localcloud (local AWS, ADLS and Kafka endpoints, no Docker): deploys it
from the platform definition, generates a day of data and streams it through Kafka into the raw
zone, runs the Lambda handlers, the streaming and ETL jobs and the warehouse, injects two
failures, and writes a report.

  --day <YYYY-MM-DD>   the day to generate (default: yesterday, UTC)
  --seed <n>           seed of the generated data (default: 42)
  --size <s>           small | medium | large | a number of access events (default: medium)
  --history-days <n>   days of customer history before the day, 0-${MAX_HISTORY_DAYS} (default: ${DEFAULT_HISTORY_DAYS})
  --keep               then stay live: the producer keeps streaming, a live dashboard is served
                       on 127.0.0.1, and localcloud stays up for your tools (Ctrl-C stops)
  --dashboard-port <n> the live dashboard's port with --keep (default: 8800; 0 = any free port)
  --report-dir <dir>   where the report and function logs go (default: reports)
  --port <n>           localcloud's AWS port (default: 4566; 0 = any free port)
  --azure-port <n>     localcloud's Azure Storage port (default: 10000; 0 = any free port)
  --env <name>         platform environment (default: dev)
  --quiet              no progress output, only the report
  --kill-stream-jobs   kill the streaming jobs mid-stream and restart them (exactly once regardless)
  --help               show this help`;

export function yesterdayUtc(now: Date = new Date()): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

export function parseLocalRunArgs(
  argv: readonly string[],
  now: Date = new Date(),
): LocalRunArgs | typeof HELP {
  const values = parseOptions(argv, {
    day: { type: 'string' },
    seed: { type: 'string' },
    size: { type: 'string' },
    'history-days': { type: 'string' },
    keep: { type: 'boolean', default: false },
    'report-dir': { type: 'string' },
    port: { type: 'string' },
    'azure-port': { type: 'string' },
    'dashboard-port': { type: 'string' },
    env: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    'kill-stream-jobs': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (values.help) return HELP;
  const day = values.day === undefined ? yesterdayUtc(now) : parseDay(values.day);
  // Going live counts live traffic at the current time: a day that is not over would have
  // today's live minutes added to its generated ones.
  if (values.keep && Date.parse(`${day}T00:00:00Z`) + 86_400_000 > now.getTime())
    throw new UsageError(
      `--keep goes live after the run, so the day must be over: ${day} is not (use an earlier --day)`,
    );
  return {
    env: values.env ?? 'dev',
    day,
    seed: values.seed === undefined ? 42 : integer('--seed', values.seed, 0, 2 ** 31 - 1),
    size: values.size === undefined ? 'medium' : parseSize(values.size),
    historyDays:
      values['history-days'] === undefined
        ? DEFAULT_HISTORY_DAYS
        : integer('--history-days', values['history-days'], 0, MAX_HISTORY_DAYS),
    keep: values.keep,
    reportDirectory: values['report-dir'] ?? 'reports',
    port: values.port === undefined ? 4566 : integer('--port', values.port, 0, 65535),
    azurePort:
      values['azure-port'] === undefined
        ? 10000
        : integer('--azure-port', values['azure-port'], 0, 65535),
    portsGiven: values.port !== undefined || values['azure-port'] !== undefined,
    dashboardPort:
      values['dashboard-port'] === undefined
        ? DEFAULT_DASHBOARD_PORT
        : integer('--dashboard-port', values['dashboard-port'], 0, 65535),
    dashboardPortGiven: values['dashboard-port'] !== undefined,
    quiet: values.quiet,
    killStreamJobs: values['kill-stream-jobs'],
  };
}

function parseDay(text: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text)
    throw new UsageError(`--day must be a real date as YYYY-MM-DD; got "${text}"`);
  return text;
}

function parseSize(text: string): DataSize {
  if ((SIZES as readonly string[]).includes(text)) return text as DataSize;
  if (/^\d+$/.test(text)) return integer('--size', text, 100, 5_000_000);
  throw new UsageError(
    `--size must be small, medium, large or a number of access events; got "${text}"`,
  );
}

export function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got "${text}"`);
  return value;
}

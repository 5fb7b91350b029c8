/** The command line of `npm run generate-data`, parsed into options or a `UsageError`. */
import { MAX_SEED } from '../produce-events/random';
import { dayStartMs } from './day-times';
import { parseSize, type GenerationSize } from './sizes';
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS } from './customer-history';
import { UsageError } from '../shared/usage-error';
import { HELP, parseOptions } from '../shared/cli-main';

export interface GenerateArgs {
  /** @default 42 */
  readonly seed: number;
  /** @default 'medium' */
  readonly size: GenerationSize;
  /** UTC day, YYYY-MM-DD. @default yesterday (UTC) */
  readonly day: string;
  /** Days of customer history before the day. @default DEFAULT_HISTORY_DAYS */
  readonly historyDays: number;
  /** Write objects as files under this directory (`<dir>/<key>`). */
  readonly outDir?: string;
  /** Write objects into the raw bucket behind this S3 endpoint (localcloud). */
  readonly endpoint?: string;
  /** Platform environment. @default 'dev' */
  readonly env: string;
  /** Region of the bucket. @default $AWS_REGION, else the environment's region */
  readonly region?: string;
  /** No progress bar. @default false */
  readonly quiet: boolean;
}

export { HELP };
export const DEFAULT_SEED = 42;

export const USAGE = `Usage: npm run generate-data -- (--out-dir <dir> | --endpoint <url>) [options]

Generates one synthetic day of every dataset in the raw-zone layout: realistic traffic, dirty
records the clean zone must reject, a replayed micro-batch and one bot-like burst; before it, the
customers' history of orders and visits, one backfill file per dataset and day.

  --out-dir <dir>     write each object as the file <dir>/<key>
  --endpoint <url>    write into the raw bucket behind this S3 endpoint (e.g. a running localcloud)
  --seed <n>          seed, 0–${MAX_SEED}: same seed, same bytes (default: ${DEFAULT_SEED})
  --size <size>       small, medium, large or a number of access events (default: medium)
  --day <YYYY-MM-DD>  the UTC day to generate (default: yesterday)
  --history-days <n>  days of customer history before the day, 0-${MAX_HISTORY_DAYS} (default: ${DEFAULT_HISTORY_DAYS})
  --env <name>        platform environment, for bucket names (default: dev)
  --region <region>   region of the bucket (default: $AWS_REGION, else the environment's)
  --quiet             no progress bar
  --help              show this help

Exit codes: 0 written, 1 a write failed, 2 usage or configuration error.`;

/** Yesterday in UTC, as YYYY-MM-DD. */
export function yesterday(now: Date): string {
  return new Date(now.getTime() - 86_400_000).toISOString().slice(0, 10);
}

export function parseGenerateArgs(argv: readonly string[], now: Date): GenerateArgs | typeof HELP {
  const values = parseOptions(argv, {
    seed: { type: 'string', default: String(DEFAULT_SEED) },
    size: { type: 'string', default: 'medium' },
    day: { type: 'string' },
    'history-days': { type: 'string' },
    'out-dir': { type: 'string' },
    endpoint: { type: 'string' },
    env: { type: 'string', default: 'dev' },
    region: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (values.help === true) return HELP;

  const seedText = values.seed ?? String(DEFAULT_SEED);
  if (!/^\d+$/.test(seedText) || Number(seedText) > MAX_SEED) {
    throw new UsageError(`--seed must be a whole number from 0 to ${MAX_SEED}; got "${seedText}"`);
  }
  const day = values.day ?? yesterday(now);
  dayStartMs(day);
  const historyText = values['history-days'] ?? String(DEFAULT_HISTORY_DAYS);
  if (!/^\d+$/.test(historyText) || Number(historyText) > MAX_HISTORY_DAYS) {
    throw new UsageError(
      `--history-days must be a whole number from 0 to ${MAX_HISTORY_DAYS}; got "${historyText}"`,
    );
  }
  const outDir = values['out-dir'];
  const endpoint = values.endpoint;
  if ((outDir === undefined) === (endpoint === undefined)) {
    throw new UsageError('give exactly one of --out-dir <dir> or --endpoint <url>');
  }
  if (outDir !== undefined && outDir.trim() === '')
    throw new UsageError('--out-dir must not be empty');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    throw new UsageError(
      `--endpoint must be an http(s) URL such as http://127.0.0.1:4566; got "${endpoint}"`,
    );
  }
  const region = values.region;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new UsageError(`--region must be an AWS region such as eu-west-1; got "${region}"`);
  }
  return {
    seed: Number(seedText),
    size: parseSize(values.size ?? 'medium'),
    day,
    historyDays: Number(historyText),
    ...(outDir !== undefined && { outDir }),
    ...(endpoint !== undefined && { endpoint }),
    env: values.env ?? 'dev',
    ...(region !== undefined && { region }),
    quiet: values.quiet ?? false,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

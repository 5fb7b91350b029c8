/** The command line of `npm run produce`, parsed into options or a `UsageError`. */
import { MAX_SEED } from './random';
import { UsageError } from '../shared/usage-error';
import { HELP, parseOptions } from '../shared/cli-main';

import { KAFKA_AUTH_MODES, type KafkaAuthMode } from '../../lambdas/shared/kafka-config';

export const AUTH_MODES = KAFKA_AUTH_MODES;
export type AuthMode = KafkaAuthMode;

export interface ProduceArgs {
  /** Topic names as given; empty means every topic of the platform. @default [] */
  readonly topics: readonly string[];
  /** Records per second across all topics, at the daily peak. @default 10 */
  readonly rate: number;
  /** PRNG seed; a random one (printed) when absent. @default undefined */
  readonly seed?: number;
  /** `host:port` bootstrap servers; else `KAFKA_BROKERS`. @default undefined */
  readonly brokers?: readonly string[];
  /** MSK IAM (SASL/OAUTHBEARER over TLS) or a plain local broker. @default 'iam' */
  readonly auth: AuthMode;
  /** Region that signs the IAM token; else `AWS_REGION`, else the environment's. @default undefined */
  readonly region?: string;
  /** Stop after this many seconds. @default undefined (until interrupted) */
  readonly durationSeconds?: number;
  /** Stop after this many records. @default undefined (until interrupted) */
  readonly count?: number;
  /** Print JSON lines to stdout instead of producing to Kafka. @default false */
  readonly dryRun: boolean;
  /** Platform environment. @default 'dev' */
  readonly env: string;
  /** Keep `--rate` all day instead of following the daily rhythm. @default false */
  readonly flat: boolean;
  /**
   * Send one bot-like minute to the requests topic (well over the bot rule's ceiling, one
   * client, now) and stop, instead of simulating users. @default false
   */
  readonly burst: boolean;
  /**
   * Seconds the producer's clock runs ahead of this machine's (negative: behind), for the
   * records' times and the burst's minute. @default undefined (none)
   */
  readonly clockOffsetSeconds?: number;
}

/** What `--help` parses to: print the usage, exit 0. */
export { HELP };

export const USAGE = `Usage: npm run produce -- [options]

Simulates the platform's users in real time and produces their events to the Kafka topics of
the platform definition.

  --topic <name>        topic to produce to; repeat for several (default: every topic)
  --rate <n>            records per second across topics at the evening peak (default: 10)
  --flat                keep --rate all day instead of following the daily rhythm
  --seed <n>            seed, 0–${MAX_SEED}: same seed, same records except times (default: random)
  --count <n>           stop after n records
  --duration <s>        stop after s seconds
  --brokers <list>      bootstrap servers host:port,… (default: $KAFKA_BROKERS)
  --auth iam|none       MSK IAM over TLS, or a plain local broker (default: iam)
  --region <region>     region that signs the IAM token (default: $AWS_REGION, else the env's)
  --env <name>          platform environment (default: dev)
  --dry-run             print records as JSON lines to stdout; no Kafka
  --burst               send one bot-like minute (one client, over the bot ceiling) to the
                        web-logs topic now, then stop: the traffic monitor alerts on it
  --clock-offset <s>    stamp records (and place the burst) as if the clock read s seconds
                        later; --clock-offset=-<s> for earlier (default: 0)
  --help                show this help

Ctrl-C stops, flushes and prints the count per topic; a second Ctrl-C exits at once.
Exit codes: 0 done, 1 Kafka failure, 2 usage or configuration error.`;

export function parseProduceArgs(argv: readonly string[]): ProduceArgs | typeof HELP {
  const values = parseOptions(argv, {
    topic: { type: 'string', multiple: true },
    rate: { type: 'string' },
    flat: { type: 'boolean', default: false },
    seed: { type: 'string' },
    count: { type: 'string' },
    duration: { type: 'string' },
    brokers: { type: 'string' },
    auth: { type: 'string', default: 'iam' },
    region: { type: 'string' },
    env: { type: 'string', default: 'dev' },
    'dry-run': { type: 'boolean', default: false },
    burst: { type: 'boolean', default: false },
    'clock-offset': { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help === true) return HELP;

  const auth = values.auth ?? 'iam';
  if (!isAuthMode(auth)) throw new UsageError(`--auth must be iam or none; got "${auth}"`);
  if (values.count !== undefined && values.duration !== undefined) {
    throw new UsageError('give --count or --duration, not both');
  }
  const burst = values.burst ?? false;
  if (burst) {
    const given = {
      topic: values.topic !== undefined,
      rate: values.rate !== undefined,
      flat: values.flat === true,
      count: values.count !== undefined,
      duration: values.duration !== undefined,
    };
    const clashing = Object.keys(given).filter((name) => given[name as keyof typeof given]);
    if (clashing.length > 0)
      throw new UsageError(
        `--burst sends one fixed minute to the web-logs topic; drop ${clashing.map((name) => `--${name}`).join(', ')}`,
      );
  }
  const seed = values.seed === undefined ? undefined : wholeNumber(values.seed, '--seed');
  if (seed !== undefined && seed > MAX_SEED) {
    throw new UsageError(`--seed must be at most ${MAX_SEED}; got ${seed}`);
  }
  const count =
    values.count === undefined
      ? undefined
      : positive(wholeNumber(values.count, '--count'), '--count');
  const durationSeconds =
    values.duration === undefined
      ? undefined
      : positive(decimal(values.duration, '--duration'), '--duration');
  const brokers =
    values.brokers === undefined ? undefined : parseBrokers(values.brokers, '--brokers');
  const clockOffset = values['clock-offset'];
  if (clockOffset !== undefined && !/^-?\d+(\.\d+)?$/.test(clockOffset))
    throw new UsageError(`--clock-offset must be a number of seconds; got "${clockOffset}"`);
  const region = values.region;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new UsageError(`--region must be an AWS region such as eu-west-1; got "${region}"`);
  }
  return {
    topics: values.topic ?? [],
    rate: positive(decimal(values.rate ?? '10', '--rate'), '--rate'),
    ...(seed !== undefined && { seed }),
    ...(brokers !== undefined && { brokers }),
    auth,
    ...(region !== undefined && { region }),
    ...(durationSeconds !== undefined && { durationSeconds }),
    ...(count !== undefined && { count }),
    dryRun: values['dry-run'] ?? false,
    env: values.env ?? 'dev',
    flat: values.flat ?? false,
    burst,
    ...(clockOffset !== undefined && { clockOffsetSeconds: Number(clockOffset) }),
  };
}

/** `host:port,host:port` → list; `source` names the flag or variable in errors. */
export function parseBrokers(value: string, source: string): string[] {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
  if (brokers.length === 0) throw new UsageError(`${source} lists no broker`);
  for (const broker of brokers) {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(broker);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65_535) {
      throw new UsageError(`${source}: "${broker}" is not host:port`);
    }
  }
  return brokers;
}

function isAuthMode(value: string): value is AuthMode {
  return (AUTH_MODES as readonly string[]).includes(value);
}

function wholeNumber(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number; got "${value}"`);
  return Number(value);
}

function decimal(value: string, flag: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new UsageError(`${flag} must be a number; got "${value}"`);
  return Number(value);
}

function positive(value: number, flag: string): number {
  if (value <= 0) throw new UsageError(`${flag} must be more than 0`);
  return value;
}

/**
 * Command line of `npm run bench:api`. The defaults are the run docs/benchmarks.md reports;
 * `--quick` is a smoke run of every phase in about a minute.
 */
import { parseArgs } from 'node:util';

export interface ApiBenchOptions {
  /** Warm-up before each measured phase (containers started, producers connected), s. */
  readonly warmupSeconds: number;
  /** The measured steady phase, against the API and against the baseline function, s. */
  readonly seconds: number;
  /** The fault phase, s. */
  readonly faultSeconds: number;
  /** The raw producer baseline, s. */
  readonly producerSeconds: number;
  /** autocannon's connections: requests in flight at once. */
  readonly connections: number;
  /**
   * Local only: containers of the ingestion function (the local Lambda service's knob for a
   * function the deployment does not cap). @default the service's default, 2
   */
  readonly containers?: number;
  readonly json: boolean;
}

const DEFAULTS = {
  warmupSeconds: 5,
  seconds: 30,
  faultSeconds: 20,
  producerSeconds: 10,
  connections: 16,
} as const;
const QUICK = {
  warmupSeconds: 2,
  seconds: 5,
  faultSeconds: 12,
  producerSeconds: 3,
  connections: 16,
} as const;

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

export function parseApiBenchArgs(argv: readonly string[]): ApiBenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      warmup: { type: 'string' },
      seconds: { type: 'string' },
      'fault-seconds': { type: 'string' },
      'producer-seconds': { type: 'string' },
      connections: { type: 'string' },
      containers: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const base = values.quick ? QUICK : DEFAULTS;
  return {
    warmupSeconds: positive('warmup', values.warmup, base.warmupSeconds),
    seconds: positive('seconds', values.seconds, base.seconds),
    faultSeconds: positive('fault-seconds', values['fault-seconds'], base.faultSeconds),
    producerSeconds: positive('producer-seconds', values['producer-seconds'], base.producerSeconds),
    connections: positive('connections', values.connections, base.connections),
    ...(values.containers !== undefined && {
      containers: positive('containers', values.containers, 2),
    }),
    json: values.json ?? false,
  };
}

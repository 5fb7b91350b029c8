/**
 * Command line of `npm run bench:partitions`: how many objects, over how many hours, delivered in
 * batches of what size. The defaults are the scenario docs/benchmarks.md reports.
 */
import { parseArgs } from 'node:util';

export class BenchArgumentError extends Error {
  override readonly name = 'BenchArgumentError';
}

export interface BenchOptions {
  /** Objects created, spread evenly over the hours and the two tables. @default 10000 */
  readonly objects: number;
  /** Hourly partitions per table. @default 48 */
  readonly hours: number;
  /** Records per invocation: the event source mapping's batch size. @default 1000 */
  readonly batchSize: number;
  /** Print one JSON document instead of the table. @default false */
  readonly json: boolean;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  objects: 10_000,
  hours: 48,
  batchSize: 1000,
  json: false,
};

function positiveInteger(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < 1)
    throw new BenchArgumentError(`--${name} must be a positive integer, got "${text}"`);
  return value;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        objects: { type: 'string' },
        hours: { type: 'string' },
        'batch-size': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (cause) {
    throw new BenchArgumentError((cause as Error).message, { cause });
  }
  const options: BenchOptions = {
    objects: positiveInteger('objects', values.objects, DEFAULT_OPTIONS.objects),
    hours: positiveInteger('hours', values.hours, DEFAULT_OPTIONS.hours),
    batchSize: positiveInteger('batch-size', values['batch-size'], DEFAULT_OPTIONS.batchSize),
    json: values.json ?? false,
  };
  // SQS hands Lambda at most 10,000 records per batch (standard queue, with a batching window).
  if (options.batchSize > 10_000)
    throw new BenchArgumentError('--batch-size cannot exceed 10000 (the SQS event source limit)');
  return options;
}

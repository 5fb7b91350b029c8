/**
 * Command line of `npm run bench:transfer`: which object sizes to copy, and the copy settings
 * (the function's defaults unless given, so the figures describe the deployed configuration).
 */
import { parseArgs } from 'node:util';

/** The sizes a full run measures, MiB. */
export const DEFAULT_SIZES_MIB: readonly number[] = [16, 256, 1024];

export const DEFAULT_RUNS = 3;

export class BenchArgumentError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchArgumentError';
  }
}

export interface BenchOptions {
  /** Object sizes to copy, MiB, ascending and distinct. @default [16, 256, 1024] */
  readonly sizesMiB: readonly number[];
  /** Print one JSON document instead of text. @default false */
  readonly json: boolean;
  /** Print the Markdown table of docs/benchmarks.md instead of text. @default false */
  readonly markdown: boolean;
  /** Copies of each kind per size, interleaved; figures are medians (memory: the highest). @default 3 */
  readonly runs: number;
  /** `BLOCK_SIZE_MIB` of the function. @default undefined (the function's default) */
  readonly blockSizeMiB?: number;
  /** `COPY_CONCURRENCY` of the function. @default undefined (the function's default) */
  readonly concurrency?: number;
  /** `STREAMING_BLOCK_SIZE_MIB` of the function. @default undefined (the deployed default) */
  readonly streamingBlockSizeMiB?: number;
  /** `STREAMING_CONCURRENCY` of the function. @default undefined (the deployed default) */
  readonly streamingConcurrency?: number;
}

function positiveInteger(name: string, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value <= 0)
    throw new BenchArgumentError(`--${name} takes positive whole numbers, got "${text}"`);
  return value;
}

/** `"16,256"` → `[16, 256]`, sorted and without repeats. */
export function parseSizes(text: string): number[] {
  const sizes = text.split(',').map((part) => positiveInteger('sizes', part));
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** @throws BenchArgumentError naming the bad option. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        sizes: { type: 'string' },
        json: { type: 'boolean', default: false },
        markdown: { type: 'boolean', default: false },
        'block-size-mib': { type: 'string' },
        concurrency: { type: 'string' },
        'streaming-block-size-mib': { type: 'string' },
        'streaming-concurrency': { type: 'string' },
        runs: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (cause) {
    throw new BenchArgumentError(
      `${(cause as Error).message}. Usage: bench:transfer [--sizes 16,256,1024] [--runs 3] [--json | --markdown] [--block-size-mib N] [--concurrency N] [--streaming-block-size-mib N] [--streaming-concurrency N]`,
      { cause },
    );
  }
  const blockSize = values['block-size-mib'];
  const streamingBlockSize = values['streaming-block-size-mib'];
  const streamingConcurrency = values['streaming-concurrency'];
  return {
    sizesMiB: values.sizes === undefined ? [...DEFAULT_SIZES_MIB] : parseSizes(values.sizes),
    json: values.json ?? false,
    markdown: values.markdown ?? false,
    runs: values.runs === undefined ? DEFAULT_RUNS : positiveInteger('runs', values.runs),
    ...(blockSize !== undefined && { blockSizeMiB: positiveInteger('block-size-mib', blockSize) }),
    ...(values.concurrency !== undefined && {
      concurrency: positiveInteger('concurrency', values.concurrency),
    }),
    ...(streamingBlockSize !== undefined && {
      streamingBlockSizeMiB: positiveInteger('streaming-block-size-mib', streamingBlockSize),
    }),
    ...(streamingConcurrency !== undefined && {
      streamingConcurrency: positiveInteger('streaming-concurrency', streamingConcurrency),
    }),
  };
}

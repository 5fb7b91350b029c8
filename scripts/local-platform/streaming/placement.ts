/**
 * The deciding half of the local streaming job, `glue-jobs/local_stream.py`, kept running for
 * the job's life: each micro-batch's values go in as one line, and the answer (a raw partition
 * or a rejection per record, by hybrid_lake_etl's rule) comes back as one line, in order. A
 * helper that dies fails the batch it was answering, and the next batch starts a new one.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { glueScriptEnvironment, PythonNotFoundError } from '../glue-jobs';
import type { Placement } from './micro-batch';

const SCRIPT_DIRECTORY = join(__dirname, '..', 'glue-jobs');

export class PlacementError extends Error {
  override readonly name = 'PlacementError';
}

interface Helper {
  readonly child: ChildProcessWithoutNullStreams;
  readonly waiting: ((line: string | Error) => void)[];
  exited?: Error;
}

export class PlacementProcess {
  private helper: Helper | undefined;
  private stopped = false;

  constructor(
    private readonly eventTimeColumn: string,
    private readonly partitionKeys: readonly string[],
    private readonly python = 'python3',
  ) {}

  private start(): Helper {
    const child = spawn(
      this.python,
      [
        join(SCRIPT_DIRECTORY, 'local_stream.py'),
        ...['--event-time-column', this.eventTimeColumn],
        ...['--partition-keys', this.partitionKeys.join(',')],
      ],
      { env: glueScriptEnvironment([SCRIPT_DIRECTORY]) },
    );
    const helper: Helper = { child, waiting: [] };
    let stderr = '';
    child.stderr.on(
      'data',
      (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)),
    );
    // A write to a helper that just died fails here; the exit below tells the waiting batch.
    child.stdin.on('error', () => undefined);
    createInterface({ input: child.stdout }).on('line', (line) => helper.waiting.shift()?.(line));
    // No Python at all: the batch waiting is told so, as the batch jobs tell it.
    child.once('error', (error: NodeJS.ErrnoException) => {
      helper.exited =
        error.code === 'ENOENT' ? new PythonNotFoundError(this.python, { cause: error }) : error;
      helper.waiting.splice(0).forEach((answer) => answer(helper.exited!));
    });
    child.once('exit', (code, signal) => {
      helper.exited = new PlacementError(
        `local_stream.py exited (${signal ?? code})${stderr ? `: ${stderr.trim()}` : ''}`,
      );
      helper.waiting.splice(0).forEach((answer) => answer(helper.exited!));
    });
    return helper;
  }

  /** One placement per value, in order; `now` is the batch's clock. */
  async place(values: readonly string[], now: Date): Promise<Placement[]> {
    if (this.stopped) throw new PlacementError('the placement helper is stopped');
    if (!this.helper || this.helper.exited) this.helper = this.start();
    const helper = this.helper;
    const line = await new Promise<string | Error>((resolve) => {
      helper.waiting.push(resolve);
      helper.child.stdin.write(`${JSON.stringify({ values, now: now.toISOString() })}\n`);
    });
    if (line instanceof Error) throw line;
    const answer = JSON.parse(line) as { results?: Placement[]; error?: string };
    if (answer.error !== undefined || !answer.results)
      throw new PlacementError(`local_stream.py refused a batch: ${answer.error ?? line}`);
    return answer.results;
  }

  stop(): void {
    this.stopped = true;
    this.helper?.child.stdin.end();
  }
}

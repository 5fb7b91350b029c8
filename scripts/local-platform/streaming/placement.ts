/**
 * The deciding half of the local streaming job, `glue-jobs/local_stream.py`, kept running for
 * the job's life: each micro-batch's values go in as one line, and the answer (a raw partition
 * or a rejection per record, by hybrid_lake_etl's rule) comes back as one line, in order.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { GLUE_SOURCE_DIRECTORY } from '../../../infra/aws/facts/etl';
import type { Placement } from './micro-batch';

const SCRIPT_DIRECTORY = join(__dirname, '..', 'glue-jobs');

export class PlacementError extends Error {
  override readonly name = 'PlacementError';
}

export class PlacementProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string | Error) => void)[] = [];
  private exited: Error | undefined;

  constructor(eventTimeColumn: string, partitionKeys: readonly string[], python = 'python3') {
    this.child = spawn(
      python,
      [
        join(SCRIPT_DIRECTORY, 'local_stream.py'),
        ...['--event-time-column', eventTimeColumn],
        ...['--partition-keys', partitionKeys.join(',')],
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          PYTHONPATH: [GLUE_SOURCE_DIRECTORY, SCRIPT_DIRECTORY].join(':'),
          PYTHONDONTWRITEBYTECODE: '1',
        },
      },
    );
    let stderr = '';
    this.child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: this.child.stdout }).on('line', (line) =>
      this.waiting.shift()?.(line),
    );
    this.child.once('exit', (code, signal) => {
      this.exited = new PlacementError(
        `local_stream.py exited (${signal ?? code})${stderr ? `: ${stderr.trim()}` : ''}`,
      );
      this.waiting.splice(0).forEach((answer) => answer(this.exited!));
    });
  }

  /** One placement per value, in order; `now` is the batch's clock. */
  async place(values: readonly string[], now: Date): Promise<Placement[]> {
    if (this.exited) throw this.exited;
    const line = await new Promise<string | Error>((resolve) => {
      this.waiting.push(resolve);
      this.child.stdin.write(`${JSON.stringify({ values, now: now.toISOString() })}\n`);
    });
    if (line instanceof Error) throw line;
    const answer = JSON.parse(line) as { results?: Placement[]; error?: string };
    if (answer.error !== undefined || !answer.results)
      throw new PlacementError(`local_stream.py refused a batch: ${answer.error ?? line}`);
    return answer.results;
  }

  stop(): void {
    this.child.stdin.end();
  }
}

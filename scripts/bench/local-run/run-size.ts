/**
 * One `npm start` at one size, in its own child process (the CLI itself, through the same tsx
 * loader `npm start` uses), with the whole process tree's peak RSS sampled while it runs and its
 * JSON report read back.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LocalRunFigures } from '../../local-run/report/figures';
import { sampleTreeRss, type ProcessEntry } from './process-tree';
import { REPOSITORY_ROOT } from '../../shared/repository-root';
import type { SizeFigures } from './figures';
import { CACHE_DIRECTORY } from '../../local-platform/lambda-runtime/function-bundle';
import { LOCAL_JOB_SCRIPT } from '../../local-platform/glue-jobs/job-script';

const CLI = join(REPOSITORY_ROOT, 'scripts', 'local-run', 'cli.ts');

/** A child that failed: its exit status and the end of what it printed. */
export class SizeRunError extends Error {
  override readonly name = 'SizeRunError';
}

export async function runSize(size: string, reportDirectory: string): Promise<SizeFigures> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CLI, '--size', size, '--quiet', '--report-dir', reportDirectory],
    { cwd: REPOSITORY_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  if (child.pid === undefined) throw new SizeRunError(`could not start npm start --size ${size}`);
  const memory = sampleTreeRss(child.pid);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4_000);
  });
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    // 'close', not 'exit': stderr is read to its end before the status is judged.
    child.once('close', (code) => resolve(code));
  });
  const { peakKiB, atPeak } = memory.stop();
  const wallSeconds = (performance.now() - started) / 1000;
  if (status !== 0)
    throw new SizeRunError(`npm start --size ${size} exited with ${String(status)}:\n${stderr}`);
  const figures = JSON.parse(
    await readFile(join(reportDirectory, 'local-run.json'), 'utf8'),
  ) as LocalRunFigures;
  return {
    size,
    wallSeconds,
    peakTreeRssMiB: peakKiB / 1024,
    peakHeldBy: describePeak(atPeak, child.pid),
    figures,
  };
}

/** The peak's processes in the run's terms: the run itself, function containers, the Glue job. */
export function describePeak(processes: readonly ProcessEntry[], runPid: number): string {
  const kinds = new Map<string, { count: number; kib: number }>();
  for (const process of processes) {
    const kind =
      process.pid === runPid
        ? 'the run (localcloud, the database engine)'
        : process.commandLine.includes(CACHE_DIRECTORY)
          ? 'function containers'
          : process.commandLine.includes(basename(LOCAL_JOB_SCRIPT))
            ? 'the Glue job (Python)'
            : 'other';
    const sum = kinds.get(kind) ?? { count: 0, kib: 0 };
    kinds.set(kind, { count: sum.count + 1, kib: sum.kib + process.rssKiB });
  }
  return [...kinds]
    .map(
      ([kind, { count, kib }]) =>
        `${kind}${count > 1 ? ` ×${count}` : ''} ${Math.round(kib / 1024)} MiB`,
    )
    .join(', ');
}

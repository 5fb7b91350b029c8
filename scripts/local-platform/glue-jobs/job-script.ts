/**
 * Runs local_job.py (beside this file), the Spark-free stand-in of a batch Glue job, and reads
 * what it prints: the inputs it needs (`--describe-inputs`) or the summary of a run. The script
 * imports the deployed jobs' shared module from infra/glue, put on its Python path here.
 */
import { spawn } from 'node:child_process';
import { delimiter, join } from 'node:path';
import { z } from 'zod';
import { GLUE_SOURCE_DIRECTORY } from '../../../infra/aws/facts/etl';
import { JobScriptError, JobSummaryError, PythonNotFoundError } from './errors';

export const LOCAL_JOB_SCRIPT = join(__dirname, 'local_job.py');

/**
 * The environment of a local Glue script: `PYTHONPATH` with the Glue sources first (so
 * `hybrid_lake_etl` is the repository's) and `extraPaths` after them, no __pycache__ beside the
 * sources, UTF-8 whatever the machine's locale.
 */
export function glueScriptEnvironment(extraPaths: readonly string[] = []): NodeJS.ProcessEnv {
  const current = process.env.PYTHONPATH;
  return {
    ...process.env,
    PYTHONPATH: [GLUE_SOURCE_DIRECTORY, ...extraPaths, ...(current ? [current] : [])].join(
      delimiter,
    ),
    PYTHONDONTWRITEBYTECODE: '1',
    PYTHONIOENCODING: 'utf-8',
  };
}

export type BatchJob = 'raw_to_clean' | 'clean_to_curated';

const InputsSchema = z.object({
  reads: z.array(
    z.object({
      database: z.string().min(1),
      table: z.string().min(1),
      /** `none`: a table the job writes, whose definition it reads (columns, location). */
      partitions: z.enum(['run_date', 'all', 'none']),
    }),
  ),
});
export type JobInputs = z.infer<typeof InputsSchema>;

const CountsSchema = z.record(z.string(), z.number().int().nonnegative());
const SummarySchema = z.object({
  job: z.enum(['raw_to_clean', 'clean_to_curated']),
  runDate: z.string(),
  now: z.string(),
  recordsIn: CountsSchema,
  recordsOut: CountsSchema,
  /** Per dataset, rejected rows by reason. */
  rejected: z.record(z.string(), CountsSchema),
  files: z.array(
    z.object({
      bucket: z.string().min(1),
      key: z.string().min(1),
      records: z.number().int().nonnegative(),
    }),
  ),
  /** Partitions the run overwrites (clean_to_curated): their other files go once `files` are up. */
  replaced: z
    .array(z.object({ bucket: z.string().min(1), prefix: z.string().regex(/\/$/) }))
    .default([]),
});
export type JobSummary = z.infer<typeof SummarySchema>;

export interface JobScriptRun {
  readonly job: BatchJob;
  /** The Spark script's arguments, `--NAME` → value. */
  readonly jobArguments: Readonly<Record<string, string>>;
  /** @default python3 */
  readonly python?: string;
}

/** The tables and partitions the job reads, so the caller fetches only those. */
export async function describeJobInputs(run: JobScriptRun): Promise<JobInputs> {
  const stdout = await runScript(run, ['--describe-inputs']);
  return parseOutput(InputsSchema, stdout);
}

export async function runJobScript(
  run: JobScriptRun,
  paths: { input: string; output: string; catalog: string },
  clock: { runDate: string; now: Date; fromDate?: string },
): Promise<JobSummary> {
  const stdout = await runScript(run, [
    ...['--input', paths.input, '--output', paths.output, '--catalog', paths.catalog],
    ...['--run-date', clock.runDate, '--now', clock.now.toISOString()],
    ...(clock.fromDate === undefined ? [] : ['--from-date', clock.fromDate]),
  ]);
  return parseOutput(SummarySchema, stdout);
}

function parseOutput<T>(schema: z.ZodType<T>, stdout: string): T {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch (error) {
    throw new JobSummaryError(`local_job.py printed no JSON: ${stdout.slice(0, 200)}`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new JobSummaryError(
      `local_job.py printed an unexpected summary: ${parsed.error.message}`,
    );
  return parsed.data;
}

function runScript(run: JobScriptRun, extra: readonly string[]): Promise<string> {
  const python = run.python ?? 'python3';
  const argv = [LOCAL_JOB_SCRIPT, '--job', run.job, ...extra];
  for (const [name, value] of Object.entries(run.jobArguments)) argv.push(name, value);
  return new Promise((resolve, reject) => {
    const child = spawn(python, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: glueScriptEnvironment(),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? new PythonNotFoundError(python, { cause: error }) : error);
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString('utf8'));
        return;
      }
      const said = Buffer.concat(stderr).toString('utf8').trim().split('\n').pop();
      reject(
        new JobScriptError(
          said || `local_job.py ended with ${signal ? `signal ${signal}` : `exit status ${code}`}`,
        ),
      );
    });
  });
}

/**
 * The batch Glue jobs run on localcloud: fetch what the job reads, run scripts/local-platform/glue-jobs/local_job.py
 * on it, upload what it wrote, delete the old files of the partitions it overwrote, and announce the end of the run with Glue's "Glue Job State
 * Change" event, as the deployed job does. A run that fails uploads nothing and ends FAILED.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { GlueClient } from '@aws-sdk/client-glue';
import { S3Client } from '@aws-sdk/client-s3';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { LocalDeployment } from '../deployment';
import { describeJobInputs, runJobScript, type BatchJob, type JobSummary } from './job-script';
import { emitGlueJobStateChange, newJobRunId } from './job-state-event';
import { deleteReplacedFiles, fetchJobInputs, uploadJobOutputs } from './lake-files';
import { cleanToCuratedArguments, rawToCleanArguments } from '../../../infra/aws/facts/etl';
import type { GlueJobFigures } from './job-figures';

export type GlueJobDeployment = Pick<LocalDeployment, 'platform' | 'buckets' | 'glueJobs'>;

export interface LocalGlueJobOptions {
  /** The day the run processes (YYYY-MM-DD): raw_to_clean reads its raw partitions. */
  readonly runDate: string;
  /**
   * The first day raw_to_clean reads, when a backfilled history lies before the run date (what
   * the deployed job's bookmarks hand it on its first run). @default the run date
   */
  readonly fromDate?: string;
  /** When the job runs: the rejection time, RFM's as-of day (the day before) and the event's time. */
  readonly now: Date;
  /** @default python3 */
  readonly python?: string;
  /** Folder for the job's input and output files, kept afterwards. @default a temporary folder, removed */
  readonly workDirectory?: string;
}

export function jobNameOf(deployment: GlueJobDeployment, job: BatchJob): string {
  return job === 'raw_to_clean'
    ? deployment.glueJobs.rawToClean
    : deployment.glueJobs.cleanToCurated;
}

/** The Spark script's arguments, as the EtlStack passes them to the deployed job. */
export function jobArgumentsOf(
  deployment: GlueJobDeployment,
  job: BatchJob,
): Record<string, string> {
  const { platform, buckets } = deployment;
  return {
    '--JOB_NAME': jobNameOf(deployment, job),
    ...(job === 'raw_to_clean'
      ? rawToCleanArguments(platform, buckets.clean)
      : cleanToCuratedArguments(platform, buckets.curated)),
  };
}

export async function runLocalGlueJob(
  cloud: LocalCloud,
  deployment: GlueJobDeployment,
  job: BatchJob,
  options: LocalGlueJobOptions,
): Promise<GlueJobFigures> {
  const started = performance.now();
  const jobName = jobNameOf(deployment, job);
  const jobRunId = newJobRunId();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  const workDirectory =
    options.workDirectory ?? (await mkdtemp(join(tmpdir(), `hybrid-lake-${job}-`)));
  try {
    const summary = await runAndUpload(cloud, deployment, job, options, workDirectory);
    emitGlueJobStateChange(cloud, { jobName, jobRunId, state: 'SUCCEEDED', time: options.now });
    return { jobName, state: 'SUCCEEDED', seconds: seconds(), ...summaryCounts(summary) };
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    emitGlueJobStateChange(cloud, {
      jobName,
      jobRunId,
      state: 'FAILED',
      time: options.now,
      message,
    });
    return {
      jobName,
      state: 'FAILED',
      seconds: seconds(),
      recordsIn: 0,
      recordsOut: 0,
      rejected: 0,
      message,
    };
  } finally {
    if (options.workDirectory === undefined)
      await rm(workDirectory, { recursive: true, force: true });
  }
}

/**
 * The batch workflow: raw_to_clean, then clean_to_curated only if it succeeded (the workflow's
 * conditional trigger). The figures of the jobs that ran, in order.
 */
export async function runLocalEtlWorkflow(
  cloud: LocalCloud,
  deployment: GlueJobDeployment,
  options: LocalGlueJobOptions,
): Promise<GlueJobFigures[]> {
  const within = (job: BatchJob) =>
    options.workDirectory === undefined
      ? options
      : { ...options, workDirectory: join(options.workDirectory, job) };
  const rawToClean = await runLocalGlueJob(
    cloud,
    deployment,
    'raw_to_clean',
    within('raw_to_clean'),
  );
  if (rawToClean.state !== 'SUCCEEDED') return [rawToClean];
  return [
    rawToClean,
    await runLocalGlueJob(cloud, deployment, 'clean_to_curated', within('clean_to_curated')),
  ];
}

async function runAndUpload(
  cloud: LocalCloud,
  deployment: GlueJobDeployment,
  job: BatchJob,
  options: LocalGlueJobOptions,
  workDirectory: string,
): Promise<JobSummary> {
  const s3 = new S3Client(cloud.clientConfig);
  const glue = new GlueClient(cloud.clientConfig);
  const run = { job, jobArguments: jobArgumentsOf(deployment, job), python: options.python };
  const paths = {
    input: join(workDirectory, 'input'),
    output: join(workDirectory, 'output'),
    catalog: join(workDirectory, 'catalog.json'),
  };
  await mkdir(paths.input, { recursive: true });
  const inputs = await describeJobInputs(run);
  await fetchJobInputs({ s3, glue }, inputs, options, {
    inputDirectory: paths.input,
    catalogFile: paths.catalog,
  });
  // Nothing the script wrote is uploaded unless the whole job succeeded.
  const summary = await runJobScript(run, paths, options);
  await uploadJobOutputs(s3, summary.files, paths.output);
  await deleteReplacedFiles(s3, summary);
  return summary;
}

function summaryCounts(
  summary: JobSummary,
): Pick<GlueJobFigures, 'recordsIn' | 'recordsOut' | 'rejected'> {
  const total = (counts: Readonly<Record<string, number>>) =>
    Object.values(counts).reduce((sum, count) => sum + count, 0);
  return {
    recordsIn: total(summary.recordsIn),
    recordsOut: total(summary.recordsOut),
    rejected: Object.values(summary.rejected).reduce((sum, reasons) => sum + total(reasons), 0),
  };
}

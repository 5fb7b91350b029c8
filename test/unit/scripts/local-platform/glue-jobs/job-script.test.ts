import { catalogDatabaseName, loadPlatform } from '../../../../../infra/platform';
import {
  JobScriptError,
  jobArgumentsOf,
  localGlueJobNames,
  PythonNotFoundError,
} from '../../../../../scripts/local-platform/glue-jobs';
import { describeJobInputs } from '../../../../../scripts/local-platform/glue-jobs/job-script';

const platform = loadPlatform('dev');
const deployment = {
  platform,
  buckets: { landing: 'l', raw: 'r', clean: 'c', curated: 'k' },
  glueJobs: localGlueJobNames(platform),
};

describe('the local job script', () => {
  it('accepts the arguments the EtlStack passes and reads the run date of every dataset', async () => {
    const inputs = await describeJobInputs({
      job: 'raw_to_clean',
      jobArguments: jobArgumentsOf(deployment, 'raw_to_clean'),
    });

    expect(inputs.reads).toEqual(
      platform.datasets.map((dataset) => ({
        database: catalogDatabaseName(platform, 'raw'),
        table: dataset.name,
        partitions: 'run_date',
      })),
    );
  });

  it('reads whole clean tables for the curated aggregates', async () => {
    const inputs = await describeJobInputs({
      job: 'clean_to_curated',
      jobArguments: jobArgumentsOf(deployment, 'clean_to_curated'),
    });

    expect(inputs.reads.every((read) => read.partitions === 'all')).toBe(true);
    expect(inputs.reads.map((read) => read.database)).toContain(
      catalogDatabaseName(platform, 'clean'),
    );
  });

  it('names the interpreter when python is missing', async () => {
    const run = describeJobInputs({
      job: 'raw_to_clean',
      jobArguments: jobArgumentsOf(deployment, 'raw_to_clean'),
      python: '/nonexistent/python3',
    });

    await expect(run).rejects.toThrow(PythonNotFoundError);
    await expect(run).rejects.toThrow('/nonexistent/python3 was not found');
  });

  it('reports the line the script printed when it fails', async () => {
    const run = describeJobInputs({
      job: 'raw_to_clean',
      jobArguments: { '--JOB_NAME': 'j', '--DATASETS': 'Not-A-Name' },
    });

    await expect(run).rejects.toThrow(JobScriptError);
    await expect(run).rejects.toThrow(/^local_job: LocalJobError: .*--RAW_DATABASE/);
  });
});

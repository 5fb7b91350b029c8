import { execFileSync } from 'node:child_process';
import { GLUE_SOURCE_DIRECTORY } from '../../../../../infra/aws/facts/etl';
import {
  catalogDatabaseName,
  derivedDatasets,
  loadPlatform,
  sourceDatasets,
} from '../../../../../infra/platform';
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
      sourceDatasets(platform).map((dataset) => ({
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

    const sources = inputs.reads.filter((read) => read.partitions !== 'none');
    expect(sources.every((read) => read.partitions === 'all')).toBe(true);
    expect(new Set(sources.map((read) => read.database))).toEqual(
      new Set([catalogDatabaseName(platform, 'clean')]),
    );
    expect(new Set(sources.map((read) => read.table))).toEqual(
      new Set(derivedDatasets(platform).flatMap((dataset) => dataset.derivedFrom)),
    );
  });

  it('writes exactly the curated datasets of the definition, partitioned by their event time', async () => {
    const inputs = await describeJobInputs({
      job: 'clean_to_curated',
      jobArguments: jobArgumentsOf(deployment, 'clean_to_curated'),
    });
    const written = inputs.reads.filter((read) => read.partitions === 'none');
    const partitionColumns = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          'import json; from hybrid_lake_etl import aggregates; print(json.dumps(aggregates.PARTITION_COLUMNS))',
        ],
        { env: { ...process.env, PYTHONPATH: GLUE_SOURCE_DIRECTORY }, encoding: 'utf8' },
      ),
    ) as Record<string, string>;

    expect(written).toEqual(
      derivedDatasets(platform).map((dataset) => ({
        database: catalogDatabaseName(platform, 'curated'),
        table: dataset.name,
        partitions: 'none',
      })),
    );
    expect(partitionColumns).toEqual(
      Object.fromEntries(
        derivedDatasets(platform).map((dataset) => [dataset.name, dataset.eventTimeColumn]),
      ),
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

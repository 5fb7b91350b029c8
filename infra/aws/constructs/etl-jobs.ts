/**
 * Arguments of the platform's batch Glue jobs, derived from the platform definition. The
 * EtlStack gives them to the deployed jobs and the local runtime to infra/glue/local_job.py, so
 * a job's contract is written once (the names are `etlJobNames` in stacks/etl.ts).
 */
import { catalogDatabaseName, type Platform } from '../../platform';

/** The arguments raw_to_clean.py reads (infra/glue/README.md), for a given clean bucket. */
export function rawToCleanArguments(
  platform: Platform,
  cleanBucket: string,
): Record<'--DATASETS' | '--RAW_DATABASE' | '--CLEAN_BUCKET' | '--RECORD_ID_COLUMNS', string> {
  return {
    '--DATASETS': platform.datasets.map((dataset) => dataset.name).join(','),
    '--RAW_DATABASE': catalogDatabaseName(platform, 'raw'),
    '--CLEAN_BUCKET': cleanBucket,
    '--RECORD_ID_COLUMNS': platform.datasets
      .map((dataset) => `${dataset.name}:${dataset.recordIdColumn}`)
      .join(','),
  };
}

/** The arguments clean_to_curated.py reads (infra/glue/README.md), for a given curated bucket. */
export function cleanToCuratedArguments(
  platform: Platform,
  curatedBucket: string,
): Record<'--CLEAN_DATABASE' | '--CURATED_BUCKET', string> {
  return {
    '--CLEAN_DATABASE': catalogDatabaseName(platform, 'clean'),
    '--CURATED_BUCKET': curatedBucket,
  };
}

/**
 * The ETL's facts, read by the EtlStack and the local runtime alike: the Glue jobs' names, and the
 * arguments of the batch jobs derived from the platform definition (the EtlStack gives them to the
 * deployed jobs, the local runtime to scripts/local-platform/glue-jobs/local_job.py), so a job's
 * contract is written once; and where the jobs' sources are.
 */
import { resolve } from 'node:path';
import { catalogDatabaseName, resourcePrefix, sourceDatasets, type Platform } from '../../platform';

/**
 * The repository's `infra/glue`: job scripts in `jobs/`, the shared module `hybrid_lake_etl/`
 * beside them. The stack deploys them; the local runtime runs the same module without Spark.
 */
export const GLUE_SOURCE_DIRECTORY = resolve(__dirname, '../../glue');

/** The Glue job names of the platform, as the stack gives them. */
export interface EtlJobNames {
  readonly rawToClean: string;
  readonly cleanToCurated: string;
  /** The stream_to_raw job of a topic. */
  streaming(topicName: string): string;
}

export function etlJobNames(platform: Platform): EtlJobNames {
  const prefix = resourcePrefix(platform);
  return {
    rawToClean: `${prefix}-raw-to-clean`,
    cleanToCurated: `${prefix}-clean-to-curated`,
    streaming: (topicName) => `${prefix}-stream-to-raw-${topicName}`,
  };
}

/** The arguments raw_to_clean.py reads (infra/glue/README.md), for a given clean bucket. */
export function rawToCleanArguments(
  platform: Platform,
  cleanBucket: string,
): Record<'--DATASETS' | '--RAW_DATABASE' | '--CLEAN_BUCKET' | '--RECORD_ID_COLUMNS', string> {
  return {
    '--DATASETS': sourceDatasets(platform)
      .map((dataset) => dataset.name)
      .join(','),
    '--RAW_DATABASE': catalogDatabaseName(platform, 'raw'),
    '--CLEAN_BUCKET': cleanBucket,
    '--RECORD_ID_COLUMNS': sourceDatasets(platform)
      .map((dataset) => `${dataset.name}:${dataset.recordIdColumn}`)
      .join(','),
  };
}

/** The arguments clean_to_curated.py reads (infra/glue/README.md), for a given curated bucket. */
export function cleanToCuratedArguments(
  platform: Platform,
  curatedBucket: string,
): Record<'--CLEAN_DATABASE' | '--CURATED_DATABASE' | '--CURATED_BUCKET', string> {
  return {
    '--CLEAN_DATABASE': catalogDatabaseName(platform, 'clean'),
    '--CURATED_DATABASE': catalogDatabaseName(platform, 'curated'),
    '--CURATED_BUCKET': curatedBucket,
  };
}

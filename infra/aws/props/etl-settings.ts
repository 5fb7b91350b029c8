import { Duration, aws_glue as glue } from 'aws-cdk-lib';
import type { EnvironmentName } from '../../platform';

/** Workers and limits of the jobs. */
export interface EtlSizing {
  /** Each topic's stream_to_raw job. */
  readonly streaming: glue.WorkerConfiguration;
  /** raw_to_clean and clean_to_curated. */
  readonly batch: glue.WorkerConfiguration;
  /** A batch run still going after this is stopped, and counts as failed. */
  readonly batchTimeout: Duration;
  /** Glue re-runs a failed job this many times (a streaming job restarts from its checkpoint). */
  readonly maxRetries: number;
}

/** Per environment: dev runs on the smallest workers Glue offers for each job type. */
export const ETL_SIZING: Readonly<Record<EnvironmentName, EtlSizing>> = {
  dev: {
    streaming: { workerType: glue.WorkerType.G_025X, numberOfWorkers: 2 },
    batch: { workerType: glue.WorkerType.G_1X, numberOfWorkers: 2 },
    batchTimeout: Duration.hours(1),
    maxRetries: 1,
  },
  prod: {
    streaming: { workerType: glue.WorkerType.G_1X, numberOfWorkers: 2 },
    batch: { workerType: glue.WorkerType.G_1X, numberOfWorkers: 10 },
    batchTimeout: Duration.hours(3),
    maxRetries: 2,
  },
};

/**
 * Batch jobs run on Glue 5.0 (Spark 3.5, Python 3.11). Streaming jobs stay on 4.0, whose Kafka
 * source with MSK IAM authentication the platform has been built against, until the same source
 * is verified on 5.x. One constant each to move.
 */
export const BATCH_GLUE_VERSION = glue.GlueVersion.V5_0;
export const STREAMING_GLUE_VERSION = glue.GlueVersion.V4_0;

/**
 * Lambda entry point: S3 "Object Created" events (EventBridge → SQS, in large batches) register
 * their Hive partitions in the Glue Data Catalog. Thin: configuration, the Glue client, the
 * container's caches and observability are created once per container here.
 */
import { GlueClient } from '@aws-sdk/client-glue';
import { loadPlatform } from '../../infra/platform';
import { loadLakeIdentity } from '../shared/lake-buckets';
import { createObservability } from '../shared/observability';
import { DEFAULT_RETRY_POLICY } from './backoff';
import { createBatchHandler } from './batch';
import { glueCatalogApi } from './catalog-api';
import { loadRegistrationConfig } from './config';
import { KnownPartitions } from './known-partitions';
import { TableDefinitions } from './table-definitions';

const config = loadRegistrationConfig();
const { logger, metrics, tracer } = createObservability('register-partitions');
// One attempt per call: backoff.ts is the only retry layer, so attempts never multiply.
const glue = tracer.captureAWSv3Client(new GlueClient({ maxAttempts: 1 }));

export const handler = createBatchHandler({
  platform: loadPlatform(config.platformEnv),
  lake: loadLakeIdentity(),
  catalog: glueCatalogApi(glue),
  knownPartitions: new KnownPartitions(),
  tableDefinitions: new TableDefinitions(),
  retry: DEFAULT_RETRY_POLICY,
  logger,
  metrics,
  publishMetrics: () => metrics.publishStoredMetrics(),
});

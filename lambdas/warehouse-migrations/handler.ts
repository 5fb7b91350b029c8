/**
 * Lambda entry point: the `onEvent` function of the warehouse migrations custom resource
 * (`custom_resources.Provider`). Thin: configuration, the Data API client and observability are
 * created once per container here; migrations-resource.ts decides what each request does.
 */
import { join } from 'node:path';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { createObservability } from '../shared/observability';
import { WarehouseSession } from '../shared/warehouse/data-api';
import { loadMigrationsConfig } from './config';
import { createMigrationsHandler } from './migrations-resource';

const config = loadMigrationsConfig(__dirname);
const { logger, metrics, tracer } = createObservability('warehouse-migrations');
const client = tracer.captureAWSv3Client(new RedshiftDataClient({}));

export const handler = createMigrationsHandler({
  session: new WarehouseSession(client, config.target, { statementName: 'warehouse-migrations' }),
  migrationsDirectory: join(config.sqlDirectory, 'migrations'),
  logger,
  metrics,
  publishMetrics: () => metrics.publishStoredMetrics(),
});

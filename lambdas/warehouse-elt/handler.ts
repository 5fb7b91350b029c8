/**
 * Lambda entry point: the daily warehouse ELT, invoked asynchronously by the EventBridge rule on
 * the ETL job's "Glue Job State Change" (SUCCEEDED) or by hand with `{ "day": "YYYY-MM-DD" }` or
 * `{ "from": "YYYY-MM-DD", "day": "YYYY-MM-DD" }`.
 * Thin: configuration, the Data API client and observability are created once per container.
 */
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { createObservability } from '../shared/observability';
import { WarehouseSession } from '../shared/warehouse/data-api';
import { loadEltConfig } from './config';
import { createEltHandler } from './elt-run';

const config = loadEltConfig(__dirname);
const { logger, metrics, tracer } = createObservability('warehouse-elt');
const client = tracer.captureAWSv3Client(new RedshiftDataClient({}));

export const handler = createEltHandler({
  // WithEvent: a failed statement reaches the alert fabric through EventBridge on its own.
  session: new WarehouseSession(client, config.target, {
    withEvent: true,
    statementName: 'warehouse-elt',
  }),
  sqlDirectory: config.sqlDirectory,
  variables: config.variables,
  modelVariables: config.modelVariables,
  logger,
  metrics,
  publishMetrics: () => metrics.publishStoredMetrics(),
});

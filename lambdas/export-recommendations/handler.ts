/**
 * Lambda entry point: the nightly export of the recommendation model, invoked asynchronously by
 * the EventBridge rule on the warehouse ELT's on-success record, or by hand with
 * `{ "day": "YYYY-MM-DD" }`. Thin: configuration, the queries, the clients and observability are
 * created once per container.
 */
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EXPORT_WRITE_SETTINGS } from '../../infra/aws/facts/recommendation-export';
import { EXPORT_SERVICE_NAME } from '../../infra/aws/facts/recommendations';
import { loadPlatform } from '../../infra/platform';
import { createObservability } from '../shared/observability';
import { WarehouseSession } from '../shared/warehouse/data-api';
import { loadExportConfig } from './config';
import { createExportHandler } from './export-run';
import { dynamoDbModelTable } from './model-table';
import { loadSnapshotQueries } from './snapshot-queries';
import { warehouseSnapshot } from './warehouse-snapshot';

const config = loadExportConfig(__dirname);
const { recommendations } = loadPlatform(config.platformEnv).marketplaceApi;
// Read and checked before the first event: a broken file fails the cold start, not a night.
const queries = loadSnapshotQueries(config.sqlDirectory);
const { logger, metrics, tracer } = createObservability(EXPORT_SERVICE_NAME);
const redshiftData = tracer.captureAWSv3Client(new RedshiftDataClient({}));
const dynamodb = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));

export const handler = createExportHandler({
  snapshot: warehouseSnapshot(
    // WithEvent: a failed statement reaches the alert fabric through EventBridge on its own.
    new WarehouseSession(redshiftData, config.target, {
      withEvent: true,
      statementName: EXPORT_SERVICE_NAME,
    }),
    queries,
    recommendations.profileProducts,
  ),
  table: dynamoDbModelTable(dynamodb, config.modelTableName),
  snapshotKeepDays: recommendations.snapshotKeepDays,
  writer: EXPORT_WRITE_SETTINGS,
  clock: () => new Date(),
  logger,
  metrics,
  publishMetrics: () => metrics.publishStoredMetrics(),
});

/**
 * Lambda entry point, invoked by the MSK event source mappings on the activity topics
 * (`marketplaceApi.recommendations.activityTopics`). Thin: configuration, the client and
 * observability are created once per container; every decision lives in activity-batch.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { ACTIVITY_SERVICE_NAME } from '../../infra/aws/facts/recommendations';
import { loadPlatform } from '../../infra/platform';
import { createObservability } from '../shared/observability';
import { createActivityHandler, type ActivityResult } from './activity-handler';
import { activitySettings, loadActivityConfig } from './config';
import { dynamoDbActivityPuts } from './dynamodb-activity';

const config = loadActivityConfig();
const platform = loadPlatform(config.platformEnv);
const { logger, metrics, tracer } = createObservability(ACTIVITY_SERVICE_NAME);
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const handler: (event: unknown, context: Context) => Promise<ActivityResult> =
  createActivityHandler({
    settings: activitySettings(platform),
    ports: { put: dynamoDbActivityPuts(dynamodb, config.tableName), now: () => Date.now() },
    logger,
    metrics,
  });

/**
 * Lambda entry point behind `GET /v1/recommendations/{user_id}` (API Gateway REST API, Lambda
 * proxy integration). Thin: configuration, the DynamoDB client and the snapshot pointer's cache
 * are created once per container; the request flow lives in recommend-handler.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { RECOMMEND_DEFAULTS, recommendationsResourcePath } from '../../infra/aws/facts/recommend';
import { RECOMMEND_SERVICE_NAME } from '../../infra/aws/facts/recommendations';
import { loadPlatform } from '../../infra/platform';
import { createObservability } from '../shared/observability';
import { loadRecommendConfig } from './config';
import { documentClientReads } from './dynamodb-reads';
import { createRecommendHandler } from './recommend-handler';
import { createRecommender } from './recommender';
import { snapshotPointerCache } from './snapshot-pointer';

const config = loadRecommendConfig();
const recommendations = loadPlatform(config.platformEnv).marketplaceApi.recommendations;
const { logger, metrics, tracer } = createObservability(RECOMMEND_SERVICE_NAME);
const dynamodb = documentClientReads(
  DynamoDBDocumentClient.from(
    tracer.captureAWSv3Client(
      new DynamoDBClient({
        requestHandler: {
          requestTimeout: RECOMMEND_DEFAULTS.dynamoDbRequestTimeoutMs,
          connectionTimeout: RECOMMEND_DEFAULTS.dynamoDbRequestTimeoutMs,
        },
      }),
    ),
  ),
);
const pointer = snapshotPointerCache({
  dynamodb,
  tableName: config.modelTableName,
  maxAgeMs: RECOMMEND_DEFAULTS.snapshotPointerCacheSeconds * 1000,
  now: Date.now,
  logger,
});

export const handler: (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> =
  createRecommendHandler({
    request: { ...recommendations, resourcePath: recommendationsResourcePath(recommendations) },
    recommend: createRecommender({
      dynamodb,
      tables: config,
      settings: recommendations,
      snapshotPointer: () => pointer.current(),
      unprocessedKeysRetry: {
        ...RECOMMEND_DEFAULTS.unprocessedKeysRetry,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        random: Math.random,
      },
      now: () => new Date(),
    }),
    responses: config,
    answerMaxAgeSeconds: RECOMMEND_DEFAULTS.answerMaxAgeSeconds,
    logger,
    metrics,
  });

/**
 * Lambda entry point: every failure source (EventBridge rules, Lambda on-failure destinations)
 * and the flush schedule invoke this function asynchronously. Thin: configuration, clients and
 * observability are created once per container, and every decision lives in alert-processor.ts.
 * An error fails the invocation on purpose: Lambda retries it, then hands the event to the
 * function's dead-letter destination.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { loadPlatform } from '../../infra/platform';
import { createObservability } from '../shared/observability';
import { createAlertHandler } from './alert-handler';
import { loadAlertConfig } from './config';
import { dynamoDbDedupeWindows } from './dynamodb-dedupe-windows';

const config = loadAlertConfig();
// Fails the cold start for an environment the platform does not define.
loadPlatform(config.platformEnv);
const { logger, metrics, tracer } = createObservability('failure-alerts');
const sns = tracer.captureAWSv3Client(new SNSClient({}));
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));

export const handler: (event: unknown, context: Context) => Promise<unknown> = createAlertHandler({
  config,
  sns,
  dedupeWindows: dynamoDbDedupeWindows(dynamodb, config.dedupeTableName),
  logger,
  metrics,
  now: () => new Date(),
  publishMetrics: () => metrics.publishStoredMetrics(),
});

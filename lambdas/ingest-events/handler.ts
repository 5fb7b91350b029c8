/**
 * Lambda entry point behind the marketplace API's ingestion resources (API Gateway REST API,
 * Lambda proxy integration). Thin: configuration, clients and the Kafka producer are created
 * once per container; the request flow lives in ingest-handler.ts.
 */
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { Kafka } from 'kafkajs';
import {
  INGEST_DEFAULTS,
  INGEST_SERVICE_NAME,
  ingestFunctionName,
} from '../../infra/aws/facts/api';
import { loadPlatform } from '../../infra/platform';
import { kafkaClientConfig } from '../shared/kafka-config';
import { createObservability } from '../shared/observability';
import { loadIngestConfig } from './config';
import { createIngestHandler } from './ingest-handler';
import { ingestionTarget, produceSubmission } from './ingestion';
import { oncePerIdempotencyKey } from './idempotent-accept';
import { kafkaSender } from './kafka-sender';
import { dynamoUnsettledSends } from './unsettled-sends';

const config = loadIngestConfig();
const platform = loadPlatform(config.platformEnv);
const api = platform.marketplaceApi;
const { logger, metrics, tracer } = createObservability(INGEST_SERVICE_NAME);
const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const kafka = new Kafka(
  kafkaClientConfig({
    brokers: config.brokers,
    auth: config.kafkaAuth,
    region: config.region,
    clientId: ingestFunctionName(platform),
    requestTimeoutMs: INGEST_DEFAULTS.kafkaRequestTimeoutMs,
    // A request waits for Kafka only seconds: the client's retry comes after the answer.
    retry: INGEST_DEFAULTS.sendRetry,
    log: (line) => logger.warn(line),
  }),
);
/** When the current invocation's send must be acknowledged by (epoch ms). */
let sendDeadline: number | undefined;
const sender = kafkaSender(kafka, {
  retry: INGEST_DEFAULTS.sendRetry,
  partitionsOf: (name) => {
    const topic = platform.topics.find((candidate) => candidate.name === name);
    // loadPlatform has checked that every route names a topic of the definition.
    if (!topic) throw new Error(`no topic ${name} in the platform definition`);
    return topic.partitions;
  },
  deadline: () => sendDeadline,
  warn: (message, details) => logger.warn(message, details),
});
const keySeconds = api.idempotencyKeyDays * 86_400;
const once = oncePerIdempotencyKey(
  (submission, unsettled) => produceSubmission(submission, sender.send, unsettled),
  {
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: config.idempotencyTableName,
      awsSdkV3Client: dynamodb,
    }),
    expiresAfterSeconds: keySeconds,
    unsettled: dynamoUnsettledSends(dynamodb, config.idempotencyTableName, keySeconds),
    logger,
  },
);
const handle = createIngestHandler({
  routes: api.ingestion,
  limits: api,
  targets: new Map(
    api.ingestion.map((route) => [route.resource, ingestionTarget(platform, route)]),
  ),
  responses: config,
  accept: once.accept,
  logger,
  metrics,
});

export const handler = (
  event: APIGatewayProxyEvent,
  context: Context,
): Promise<APIGatewayProxyResult> => {
  once.registerLambdaContext(context);
  sendDeadline =
    Date.now() + context.getRemainingTimeInMillis() - INGEST_DEFAULTS.sendDeadlineMarginMs;
  return handle(event);
};

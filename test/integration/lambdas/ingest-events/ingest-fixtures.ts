/**
 * The ingestion function's handler.ts on localcloud, configured only by its environment as in
 * Lambda: the platform's topics on the local Kafka and the idempotency table on the local
 * DynamoDB, with the layout the CDK gives it.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { Context } from 'aws-lambda';
import { Kafka, logLevel } from 'kafkajs';
import { IDEMPOTENCY_TABLE } from '../../../../infra/aws/facts/api';
import { loadPlatform } from '../../../../infra/platform';
import type * as HandlerModuleExports from '../../../../lambdas/ingest-events/handler';
import { kafkaSender, type KafkaSender } from '../../../../lambdas/ingest-events/kafka-sender';
import { deployLocalTopics } from '../../../../scripts/local-platform/deploy/streaming';
import { readTopic } from '../../../../scripts/shared/kafka-topic-reader';

export const TABLE_NAME = 'hybrid-lake-dev-ingest-events-idempotency';
export const ORIGIN = 'https://marketplace.dev.hybrid-lake.example';

export type IngestHandler = (typeof HandlerModuleExports)['handler'];

export function lambdaContext(remainingMs = 15_000): Context {
  return {
    functionName: 'hybrid-lake-dev-ingest-events',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    getRemainingTimeInMillis: () => remainingMs,
  } as Context;
}

export async function deployIngestion(cloud: LocalCloud): Promise<void> {
  deployLocalTopics(cloud, loadPlatform('dev'));
  await new DynamoDBClient(cloud.clientConfig).send(
    new CreateTableCommand({
      TableName: TABLE_NAME,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: IDEMPOTENCY_TABLE.partitionKey, KeyType: 'HASH' }],
    }),
  );
}

/** A fresh copy of handler.ts; the caller restores `process.env` after the test. */
export function loadIngestHandler(
  cloud: LocalCloud,
  env: Record<string, string> = {},
): IngestHandler {
  Object.assign(process.env, cloud.env, {
    PLATFORM_ENV: 'dev',
    KAFKA_BOOTSTRAP_SERVERS: cloud.kafka.bootstrapServers,
    KAFKA_AUTH: 'none',
    IDEMPOTENCY_TABLE_NAME: TABLE_NAME,
    ALLOWED_ORIGIN: ORIGIN,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...env,
  });
  let handler: IngestHandler | undefined;
  jest.isolateModules(() => {
    ({ handler } = jest.requireActual<typeof HandlerModuleExports>(
      '../../../../lambdas/ingest-events/handler',
    ));
  });
  return handler!;
}

/**
 * The next `times` Produce requests on the purchases topic are appended (or recognised as a batch
 * sent again) by the broker, and their answers lost with the connection.
 */
export function loseProduceAnswers(cloud: LocalCloud, times: number): void {
  cloud.faults.inject({
    service: 'kafka',
    operation: 'Produce',
    topic: 'purchases',
    when: 'after',
    dropConnection: true,
    times,
  });
}

/** The transaction ids on the purchases topic, one per stored copy, sorted. */
export async function storedTransactionIds(cloud: LocalCloud): Promise<string[]> {
  const records = await readTopic(cloud.kafka.bootstrapServers, 'purchases');
  return records
    .map((record) => (JSON.parse(record.value) as { transaction_id: string }).transaction_id)
    .sort();
}

/** The partitions of a topic of the dev definition, as the function reads them. */
export function partitionsOf(name: string): number {
  return loadPlatform('dev').topics.find((topic) => topic.name === name)!.partitions;
}

/** The sender tests' retries: three attempts in all, so a fault of three strikes outlasts a send. */
export const SENDER_RETRY = { retries: 2, initialRetryTime: 20, maxRetryTime: 50 };

/**
 * The ingestion function's Kafka sender on a Kafka client of its own, as one container holds
 * them; kafkajs's errors go to `log`.
 */
export function senderContainer(
  cloud: LocalCloud,
  deadline?: () => number | undefined,
  log: string[] = [],
): KafkaSender {
  const kafka = new Kafka({
    clientId: 'ingest-events-test',
    brokers: [cloud.kafka.bootstrapServers],
    logLevel: logLevel.ERROR,
    logCreator: () => (entry) => log.push(entry.log.message),
    retry: SENDER_RETRY,
  });
  return kafkaSender(kafka, { retry: SENDER_RETRY, partitionsOf, deadline });
}

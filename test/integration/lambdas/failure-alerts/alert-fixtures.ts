/**
 * The deployed alerting path, locally: the KMS-encrypted alert topic with an SQS queue
 * subscribed to it (SNS envelope delivery, as an e-mail or chat bridge would see it), and the
 * dedupe table with TTL on `expiresAt`, both on localcloud over HTTP with the real SDK clients.
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  ScanCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import type { AlertDependencies } from '../../../../lambdas/failure-alerts/alert-processor';
import { loadAlertConfig } from '../../../../lambdas/failure-alerts/config';
import { dynamoDbDedupeWindows } from '../../../../lambdas/failure-alerts/dynamodb-dedupe-windows';
import type * as HandlerModuleExports from '../../../../lambdas/failure-alerts/handler';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import { recordingLogger, recordingMetrics } from '../../../fixtures/recording-observability';

export const WINDOW_SECONDS = 300;
export const RUNBOOK_BASE_URL = 'https://github.com/example/hybrid-lake/blob/main/docs/runbooks';

export interface Alerting {
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  readonly dynamodb: DynamoDBClient;
  readonly topicArn: string;
  readonly queueUrl: string;
  readonly tableName: string;
}

export async function setUpAlerting(cloud: LocalCloud): Promise<Alerting> {
  const sns = new SNSClient(cloud.clientConfig);
  const sqs = new SQSClient(cloud.clientConfig);
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({
      Name: 'hybrid-lake-dev-alerts',
      Attributes: { KmsMasterKeyId: 'alias/hybrid-lake-dev-alerts' },
    }),
  );
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'alert-inbox' }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await sns.send(
    new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn }),
  );
  const tableName = 'hybrid-lake-dev-alert-dedupe';
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: [{ AttributeName: 'fingerprint', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'fingerprint', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
    }),
  );
  return { sns, sqs, dynamodb, topicArn: TopicArn!, queueUrl: QueueUrl!, tableName };
}

/**
 * One clock for the function and the emulator: TTL expiry in localcloud follows its own clock,
 * so moving the function's clock past a window moves the emulator's by the same amount.
 */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function sharedClock(cloud: LocalCloud): TestClock {
  // Frozen between moves, so a test decides to the millisecond where in a window it is.
  const start = Date.now();
  let offset = 0;
  return {
    now: () => new Date(start + offset),
    advance: (ms) => {
      offset += ms;
      cloud.advanceClock(ms);
    },
  };
}

export interface Observed {
  readonly logs: { level: string; message: unknown; extra: unknown[] }[];
  readonly metrics: { name: string; value: number }[];
  sum(name: string): number;
}

export function alertDependencies(
  alerting: Alerting,
  clock: TestClock,
  overrides: Partial<AlertDependencies> = {},
): { deps: AlertDependencies; observed: Observed } {
  const { logger, logs } = recordingLogger();
  const { metrics, recorded, sum } = recordingMetrics();
  const config = loadAlertConfig({
    PLATFORM_ENV: 'dev',
    ALERT_TOPIC_ARN: alerting.topicArn,
    DEDUPE_TABLE_NAME: alerting.tableName,
    DEDUPE_WINDOW_SECONDS: String(WINDOW_SECONDS),
    RUNBOOK_BASE_URL,
  });
  return {
    deps: {
      config,
      sns: alerting.sns,
      dedupeWindows: dynamoDbDedupeWindows(alerting.dynamodb, config.dedupeTableName),
      logger,
      metrics,
      now: () => clock.now(),
      sleep: () => Promise.resolve(),
      ...overrides,
    },
    observed: { logs, metrics: recorded, sum: (name) => sum(name) },
  };
}

export interface ReceivedNotification {
  readonly subject: string;
  readonly message: string;
  readonly attributes: Record<string, string>;
  /** The alert JSON at the end of the message. */
  readonly json: Record<string, unknown> & { kind: string; repeats?: { count: number } };
}

/** Every notification that reached the subscribed queue, read from its SNS envelopes. */
export async function receiveNotifications(alerting: Alerting): Promise<ReceivedNotification[]> {
  const received: ReceivedNotification[] = [];
  for (;;) {
    const { Messages } = await alerting.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: alerting.queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 600,
      }),
    );
    if (!Messages || Messages.length === 0) return received;
    for (const message of Messages) {
      const envelope = JSON.parse(message.Body!) as {
        Subject: string;
        Message: string;
        MessageAttributes?: Record<string, { Type: string; Value: string }>;
      };
      const marker = '-- alert as JSON --\n';
      received.push({
        subject: envelope.Subject,
        message: envelope.Message,
        attributes: Object.fromEntries(
          Object.entries(envelope.MessageAttributes ?? {}).map(([name, value]) => [
            name,
            value.Value,
          ]),
        ),
        json: JSON.parse(
          envelope.Message.slice(envelope.Message.indexOf(marker) + marker.length),
        ) as ReceivedNotification['json'],
      });
    }
  }
}

/** Every item of the dedupe table (consistent read). */
export async function dedupeItems(alerting: Alerting) {
  const { Items } = await alerting.dynamodb.send(
    new ScanCommand({ TableName: alerting.tableName, ConsistentRead: true }),
  );
  return Items ?? [];
}

export const LAMBDA_CONTEXT = {
  functionName: 'hybrid-lake-dev-failure-alerts',
  awsRequestId: '2f0a6c5e-1b7d-4e3a-9c8b-7d6e5f4a3b2c',
} as Context;

export type AlertLambdaHandler = (typeof HandlerModuleExports)['handler'];

/**
 * A fresh copy of handler.ts, configured only by its environment as in Lambda: clients, logger
 * and configuration are built at module scope from `process.env`, which is left set so the SDK's
 * credential chain can read it later. The caller restores `process.env` after the test.
 */
export function loadAlertHandler(
  cloud: LocalCloud,
  alerting: Alerting,
  env: Record<string, string> = {},
): AlertLambdaHandler {
  Object.assign(process.env, cloud.env, {
    PLATFORM_ENV: 'dev',
    ALERT_TOPIC_ARN: alerting.topicArn,
    DEDUPE_TABLE_NAME: alerting.tableName,
    RUNBOOK_BASE_URL,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    ...env,
  });
  let handler: AlertLambdaHandler | undefined;
  jest.isolateModules(() => {
    ({ handler } = jest.requireActual<typeof HandlerModuleExports>(
      '../../../../lambdas/failure-alerts/handler',
    ));
  });
  return handler!;
}

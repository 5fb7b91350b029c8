import {
  Duration,
  RemovalPolicy,
  Stack,
  aws_cloudwatch as cloudwatch,
  type aws_dynamodb as dynamodb,
  aws_iam as iam,
  type aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import { ACTIVITY_DEFAULTS, activityConsumerGroup, activityTopics } from '../facts/activity';
import { deadLettersAlarmName } from '../facts/alerting';
import { lambdaHandlerEntry } from '../facts/functions';
import { mappingOnFailureQueue } from './mapping-on-failure-queue';
import { ACTIVITY_SERVICE_NAME, activityFunctionName } from '../facts/recommendations';
import { grantMskEventSource, kafkaMappingProblems } from '../grants/msk-event-source';
import type { KafkaCluster } from './kafka-cluster';
import { deadLettersAlarm, functionErrorsAlarm } from './lambda-alarms';
import { PlatformFunction } from './platform-function';
import { platformKey } from './platform-key';

/**
 * Where a mapping with a new consumer group starts: the oldest record its topic still holds.
 * A customer's activity stays useful for `recentActivityDays` (30), longer than the topics keep
 * records (7 days), so a first deployment fills the table with every day the topics still have;
 * the writes are idempotent, so reading them again costs writes and changes nothing.
 */
export const ACTIVITY_STARTING_POSITION = 'TRIM_HORIZON';

/** What a deployment may tune; every field has a default. */
export interface RecordActivityOptions {
  /** @default ACTIVITY_DEFAULTS.memorySize (512) */
  readonly memorySize?: number;
  /** @default Duration.seconds(ACTIVITY_DEFAULTS.timeoutSeconds) (60 s) */
  readonly timeout?: Duration;
  /** Records per invocation, 1–10,000. @default ACTIVITY_DEFAULTS.batchSize (1,000) */
  readonly batchSize?: number;
  /** How long a mapping gathers a batch, at most 300 s. @default 1 s */
  readonly maxBatchingWindow?: Duration;
  /** Retries of a failed batch before its offsets go to the on-failure queue. @default 10 */
  readonly maxRetryAttempts?: number;
  /** Pollers each mapping keeps running (provisioned mode), 1–200. @default 1 */
  readonly minimumPollers?: number;
  /** Pollers each mapping may scale to; Lambda also caps it at the topic's partitions. @default 2 */
  readonly maximumPollers?: number;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The handler file. @default lambdas/record-activity/handler.ts */
  readonly handlerEntry?: string;
}

export interface RecordActivityProps extends RecordActivityOptions {
  readonly platform: Platform;
  /**
   * The cluster the mappings read; their pollers run in its subnets and security group, which
   * admits them (`KafkaCluster.admitEventSourcePollers`, in the streaming stack).
   */
  readonly kafka: KafkaCluster;
  /** The recent-activity table and its key (`RecommendationTables.recentActivity`). */
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  /** Applied to the queue, its key and the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** An option the mappings or the function cannot take. */
export class RecordActivityConfigurationError extends Error {
  override readonly name = 'RecordActivityConfigurationError';
}

/**
 * The recommendations' activity consumer (lambdas/record-activity): one MSK event source mapping
 * per activity topic (IAM auth, provisioned pollers, bounded retries, an encrypted on-failure
 * queue) invokes the function, which runs outside the VPC and writes each customer's recent
 * activity to its table with BatchWriteItem, and nothing else. Alarms: function errors and
 * batches given up.
 */
export class RecordActivity extends Construct {
  readonly function: PlatformFunction;
  /** Where a mapping records a batch that failed every retry (its topic, partition, offsets). */
  readonly onFailureQueue: sqs.Queue;
  readonly onFailureKey: kms.Key;
  /** By topic name. */
  readonly mappings: ReadonlyMap<string, lambda.CfnEventSourceMapping>;
  readonly alarms: { readonly errors: cloudwatch.Alarm; readonly deadLetters: cloudwatch.Alarm };

  constructor(scope: Construct, id: string, props: RecordActivityProps) {
    super(scope, id);
    const { platform, kafka } = props;
    const defaults = ACTIVITY_DEFAULTS;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const memorySize = props.memorySize ?? defaults.memorySize;
    const timeout = props.timeout ?? Duration.seconds(defaults.timeoutSeconds);
    const batchSize = props.batchSize ?? defaults.batchSize;
    const maxBatchingWindow =
      props.maxBatchingWindow ?? Duration.seconds(defaults.maxBatchingWindowSeconds);
    const maxRetryAttempts = props.maxRetryAttempts ?? defaults.maxRetryAttempts;
    const minimumPollers = props.minimumPollers ?? 1;
    const maximumPollers = props.maximumPollers ?? 2;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const problems = kafkaMappingProblems({
      batchSize,
      maxBatchingWindow,
      maxRetryAttempts,
      minimumPollers,
      maximumPollers,
    });
    if (problems.length > 0) throw new RecordActivityConfigurationError(problems.join('; '));

    const functionName = activityFunctionName(platform);
    this.onFailureKey = platformKey(this, 'OnFailureKey', {
      alias: keyAlias(platform, `${ACTIVITY_SERVICE_NAME}-dead-letters`),
      description: 'Encrypts the on-failure queue of the activity consumer mappings',
      removalPolicy,
    });
    this.onFailureQueue = mappingOnFailureQueue(
      this,
      'OnFailureQueue',
      this.onFailureKey,
      removalPolicy,
    );

    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description:
        "Writes each customer's recent purchases and interactions for the recommendations",
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(ACTIVITY_SERVICE_NAME),
      memorySize,
      timeout,
      environment: {
        PLATFORM_ENV: platform.environmentName,
        RECENT_ACTIVITY_TABLE_NAME: props.table.tableName,
      },
      logRetention,
      logKeyAlias: keyAlias(platform, `${ACTIVITY_SERVICE_NAME}-logs`),
      removalPolicy,
      // No network: the function calls DynamoDB and CloudWatch Logs only. The mappings' pollers,
      // not the function, run in the cluster's VPC.
    });

    const topics = activityTopics(platform).map(({ topic }) => topic);
    this.grantWriting(props.table, props.tableKey);
    grantMskEventSource(this.function, {
      kafka,
      topics: topics.map((topic) => topic.name),
      consumerGroups: topics.map((topic) => activityConsumerGroup(platform, topic)),
      readTopicsSid: 'ReadActivityTopics',
    });

    const mappings = new Map<string, lambda.CfnEventSourceMapping>();
    for (const topic of topics) {
      const mapping = new lambda.CfnEventSourceMapping(this, `${pascal(topic.name)}Mapping`, {
        functionName: this.function.function.functionName,
        eventSourceArn: kafka.clusterArn,
        topics: [topic.name],
        // IAM access control: the pollers authenticate as the execution role, no secret.
        amazonManagedKafkaEventSourceConfig: {
          consumerGroupId: activityConsumerGroup(platform, topic),
        },
        startingPosition: ACTIVITY_STARTING_POSITION,
        batchSize,
        maximumBatchingWindowInSeconds: maxBatchingWindow.toSeconds(),
        // Kafka sources take retry controls (MaximumRetryAttempts) in provisioned mode only.
        provisionedPollerConfig: { minimumPollers, maximumPollers },
        maximumRetryAttempts: maxRetryAttempts,
        destinationConfig: { onFailure: { destination: this.onFailureQueue.queueArn } },
      });
      // The role's grants and the brokers' rules for the pollers exist before the mapping, so its
      // first poll can succeed; the topics exist already, in the streaming stack this one follows.
      mapping.node.addDependency(this.function.role, kafka.securityGroup);
      mappings.set(topic.name, mapping);
    }
    this.mappings = mappings;

    const fn = this.function.function;
    this.alarms = {
      errors: new cloudwatch.Alarm(this, 'ErrorsAlarm', {
        ...functionErrorsAlarm(fn),
        alarmName: `${functionName}-errors`,
        alarmDescription:
          'Invocations failed as a whole (DynamoDB throttling or unavailable, a crash, a timeout). The mapping retries the batch, holding its partitions back, then sends its offsets to the on-failure queue.',
      }),
      deadLetters: new cloudwatch.Alarm(this, 'DeadLettersAlarm', {
        ...deadLettersAlarm(this.onFailureQueue),
        alarmName: deadLettersAlarmName(functionName),
        alarmDescription:
          'Batches of purchases or interactions failed every retry and were skipped: their activity is missing from the recommendations. Each message names the topic, partition and offsets (not the records): fix the cause, then read those offsets again while the topic still holds them.',
      }),
    };
  }

  /** Items put in the table, by BatchWriteItem only; failed batches to the on-failure queue. */
  private grantWriting(table: dynamodb.ITable, tableKey: kms.IKey): void {
    const stack = Stack.of(this);
    const through = (service: string) => ({
      StringEquals: { 'kms:ViaService': `${service}.${stack.region}.amazonaws.com` },
    });
    const statements = [
      new iam.PolicyStatement({
        sid: 'WriteRecentActivity',
        actions: ['dynamodb:BatchWriteItem'],
        resources: [table.tableArn],
      }),
      new iam.PolicyStatement({
        sid: 'UseRecentActivityKey',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [tableKey.keyArn],
        conditions: through('dynamodb'),
      }),
      new iam.PolicyStatement({
        sid: 'SendFailedBatches',
        actions: ['sqs:SendMessage'],
        resources: [this.onFailureQueue.queueArn],
      }),
      new iam.PolicyStatement({
        sid: 'EncryptFailedBatches',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [this.onFailureKey.keyArn],
        conditions: through('sqs'),
      }),
    ];
    for (const statement of statements) this.function.role.addToPrincipalPolicy(statement);
  }
}

/** `purchases` → `Purchases`, `user-clicks` → `UserClicks`: a topic name as a construct id. */
function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
    .join('');
}

import {
  Duration,
  RemovalPolicy,
  Stack,
  aws_events as events,
  aws_iam as iam,
  aws_lambda_event_sources as sources,
  aws_logs as logs,
  type aws_kms as kms,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { catalogTables, keyAlias, type Platform } from '../../platform';
import { EventWorkQueue } from './event-work-queue';
import { QueueConsumerAlarms } from './lambda-alarms';
import {
  REGISTRATION_DEFAULTS,
  REGISTRATION_SERVICE_NAME,
  registrationFunctionName,
  registrationRuleName,
  registrationSources,
} from '../facts/catalog';
import { lambdaHandlerEntry } from '../facts/functions';
import { objectEventDetail } from '../facts/object-events';
import { PlatformFunction } from './platform-function';

/** What a deployment may tune; every field has a default. */
export interface PartitionRegistrationOptions {
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.minutes(2) */
  readonly timeout?: Duration;
  /** Messages per invocation: many keys collapse to few partitions. @default 1000 */
  readonly batchSize?: number;
  /** How long SQS gathers a batch. @default Duration.seconds(30) */
  readonly maxBatchingWindow?: Duration;
  /** Alarm when the oldest queued message is older than this. @default Duration.minutes(30) */
  readonly maxMessageAge?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The handler file. @default lambdas/register-partitions/handler.ts */
  readonly handlerEntry?: string;
}

export interface PartitionRegistrationProps extends PartitionRegistrationOptions {
  readonly platform: Platform;
  /** The key that encrypts the Data Catalog; Glue uses it with the caller's permissions. */
  readonly catalogKey: kms.IKey;
  /** Applied to the keys, the log group and the dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Nothing to register: no catalog table is registered by events. */
export class PartitionRegistrationError extends Error {
  override readonly name = 'PartitionRegistrationError';
}

/**
 * Partitions registered by events
 * (docs/architecture.md#partitions-registered-by-events-not-crawlers): S3 "Object Created" in the
 * zone buckets, for the datasets registered by events only → EventBridge rule → SQS (+ DLQ) →
 * registration function, which may read and add partitions of exactly those tables.
 */
export class PartitionRegistration extends Construct {
  readonly function: PlatformFunction;
  readonly queue: EventWorkQueue;
  readonly rule: events.Rule;
  readonly alarms: QueueConsumerAlarms;

  constructor(scope: Construct, id: string, props: PartitionRegistrationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { platform } = props;
    const memorySize = props.memorySize ?? REGISTRATION_DEFAULTS.memorySize;
    const timeout = props.timeout ?? Duration.seconds(REGISTRATION_DEFAULTS.timeoutSeconds);
    const batchSize = props.batchSize ?? REGISTRATION_DEFAULTS.batchSize;
    const maxBatchingWindow =
      props.maxBatchingWindow ?? Duration.seconds(REGISTRATION_DEFAULTS.maxBatchingWindowSeconds);
    const maxMessageAge = props.maxMessageAge ?? Duration.minutes(30);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const objectSources = registrationSources(platform, stack.account, stack.region);
    if (objectSources.length === 0) {
      throw new PartitionRegistrationError(
        'no catalog table is registered by events; every dataset projects its partitions',
      );
    }

    const functionName = registrationFunctionName(platform);
    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description: 'Registers the partitions of new S3 objects in the Glue Data Catalog',
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(REGISTRATION_SERVICE_NAME),
      memorySize,
      timeout,
      // Partitions are registered only for this account's lake buckets (its region is AWS_REGION).
      environment: { PLATFORM_ENV: platform.environmentName, LAKE_ACCOUNT_ID: stack.account },
      logRetention,
      logKeyAlias: keyAlias(platform, `${REGISTRATION_SERVICE_NAME}-logs`),
      removalPolicy,
    });

    this.queue = new EventWorkQueue(this, 'Work', {
      keyAlias: keyAlias(platform, `${REGISTRATION_SERVICE_NAME}-queues`),
      // AWS's advice for SQS event sources (six function timeouts), plus the batching window
      // during which a message is already invisible.
      visibilityTimeout: Duration.seconds(6 * timeout.toSeconds() + maxBatchingWindow.toSeconds()),
      removalPolicy,
    });

    this.rule = new events.Rule(this, 'Rule', {
      ruleName: registrationRuleName(platform),
      description: 'Routes S3 Object Created events of datasets registered by events',
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: objectEventDetail(objectSources),
      },
    });
    this.rule.addTarget(this.queue.targetFor(this.rule));

    this.function.function.addEventSource(
      new sources.SqsEventSource(this.queue.queue, {
        batchSize,
        maxBatchingWindow,
        reportBatchItemFailures: true,
      }),
    );

    this.grantRegistration(platform, props.catalogKey);

    this.alarms = new QueueConsumerAlarms(this, 'Alarms', {
      namePrefix: functionName,
      function: this.function.function,
      queue: this.queue.queue,
      deadLetterQueue: this.queue.deadLetterQueue,
      maxMessageAge,
    });
  }

  /** Read and add partitions of exactly the tables registered by events, through the catalog key. */
  private grantRegistration(platform: Platform, catalogKey: kms.IKey): void {
    const stack = Stack.of(this);
    const tables = catalogTables(platform).filter((table) => table.registeredByEvents);
    const databases = [...new Set(tables.map((table) => table.database))];
    const glueArn = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName && { resourceName }) });
    const { role } = this.function;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'RegisterPartitionsOfRegisteredTables',
        // GetTable: the StorageDescriptor new partitions copy. Glue authorizes partition calls
        // on the catalog, the database and the table alike.
        actions: ['glue:GetTable', 'glue:BatchGetPartition', 'glue:BatchCreatePartition'],
        resources: [
          glueArn('catalog'),
          ...databases.map((database) => glueArn('database', database)),
          ...tables.map((table) => glueArn('table', `${table.database}/${table.table}`)),
        ],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'UseCatalogKeyThroughGlue',
        // What Glue asks of every caller of an encrypted catalog.
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [catalogKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `glue.${stack.region}.amazonaws.com` } },
      }),
    );
    this.function.acknowledgeWildcard(
      'Resource::*',
      'The X-Ray write actions (active tracing) have no resource type.',
    );
  }
}

import {
  Duration,
  RemovalPolicy,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_dynamodb as dynamodb,
  aws_iam as iam,
  type aws_kms as kms,
  aws_lambda as lambda,
  aws_logs as logs,
  type aws_msk as msk,
  type aws_sqs as sqs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, type Platform, type Topic } from '../../platform';
import { deadLettersAlarmName } from '../facts/alerting';
import { lambdaHandlerEntry } from '../facts/functions';
import { mappingOnFailureQueue } from './mapping-on-failure-queue';
import {
  TRAFFIC_MONITOR_EVENT_BUS,
  BOT_ATTACK_EVENT,
  TRAFFIC_METRICS,
  TRAFFIC_METRIC_NAMESPACE,
  TRAFFIC_MONITOR_DEFAULTS,
  TRAFFIC_MONITOR_SERVICE_NAME,
  TRAFFIC_STATE_TABLE,
  monitoredTopics,
  requestsAnomalyAlarmName,
  trafficMonitorConsumerGroup,
  trafficMonitorFunctionName,
  trafficStateTableName,
} from '../facts/traffic';
import { grantMskEventSource, kafkaMappingProblems } from '../grants/msk-event-source';
import type { KafkaCluster } from './kafka-cluster';
import { deadLettersAlarm, functionErrorsAlarm } from './lambda-alarms';
import { PlatformFunction } from './platform-function';
import { platformKey } from './platform-key';

/** The state table: items the function reads, writes and queries; never scans or deletes. */
const STATE_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:Query',
] as const;

/** How the `Requests` alarm reads its band: ±3 standard deviations, 3 of 5 one-minute sums. */
export const REQUESTS_ANOMALY_ALARM = {
  stdDevs: 3,
  periodSeconds: 60,
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
} as const;

/**
 * One of the monitor's metrics (`TRAFFIC_METRICS`) by minute, the period its minutes are
 * published in. Powertools Metrics adds the service name as the `service` dimension of every
 * metric; `Accesses` is also published by one more dimension at a time (`ACCESS_DIMENSIONS`).
 */
export function trafficMetric(metricName: string, statistic: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: TRAFFIC_METRIC_NAMESPACE,
    metricName,
    dimensionsMap: { service: TRAFFIC_MONITOR_SERVICE_NAME },
    statistic,
    period: Duration.seconds(REQUESTS_ANOMALY_ALARM.periodSeconds),
  });
}

/** Web requests per minute (`Requests`, summed): what the anomaly alarm watches. */
export function requestsPerMinute(): cloudwatch.Metric {
  return trafficMetric(TRAFFIC_METRICS.requests, cloudwatch.Stats.SUM);
}

/** What a deployment may tune; every field has a default. */
export interface TrafficMonitorOptions {
  /** @default TRAFFIC_MONITOR_DEFAULTS.memorySize (1024) */
  readonly memorySize?: number;
  /** @default Duration.seconds(TRAFFIC_MONITOR_DEFAULTS.timeoutSeconds) (60 s) */
  readonly timeout?: Duration;
  /** Records per invocation, 1–10,000. @default TRAFFIC_MONITOR_DEFAULTS.batchSize (10,000) */
  readonly batchSize?: number;
  /** How long a mapping gathers a batch, at most 300 s. @default 5 s */
  readonly maxBatchingWindow?: Duration;
  /** Retries of a failed batch before its offsets go to the on-failure queue. @default 10 */
  readonly maxRetryAttempts?: number;
  /** Pollers each mapping keeps running (provisioned mode), 1–200. @default 1 */
  readonly minimumPollers?: number;
  /**
   * Pollers each mapping may scale to; Lambda also caps it at the topic's partitions.
   * @default 2
   */
  readonly maximumPollers?: number;
  /** `ALLOWED_LATENESS_SECONDS`. @default 120 s */
  readonly allowedLateness?: Duration;
  /** `PARTITION_IDLE_SECONDS`. @default 300 s */
  readonly partitionIdle?: Duration;
  /** `INCIDENT_QUIET_MINUTES`, whole minutes. @default 5 minutes */
  readonly incidentQuiet?: Duration;
  /** `STATE_RETENTION_HOURS`, whole hours: the state table's TTL. @default 48 hours */
  readonly stateRetention?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The handler file. @default lambdas/traffic-monitor/handler.ts */
  readonly handlerEntry?: string;
}

export interface TrafficMonitorProps extends TrafficMonitorOptions {
  readonly platform: Platform;
  /**
   * The cluster the mappings read; their pollers run in its subnets and security group, which
   * admits them (`KafkaCluster.admitEventSourcePollers`).
   */
  readonly kafka: KafkaCluster;
  /** The topics' resources by name: a mapping is created once its topic exists. */
  readonly topicResources?: ReadonlyMap<string, msk.CfnTopic>;
  /** Applied to the keys, the state table, the log group and the queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** An option the mappings or the function cannot take. */
export class TrafficMonitorConfigurationError extends Error {
  override readonly name = 'TrafficMonitorConfigurationError';
}

/**
 * The traffic monitor's deployed path (docs/decisions.md, "The traffic monitor's deployed path"):
 * one MSK event source mapping per monitored topic (IAM auth, provisioned pollers, retries, an
 * encrypted on-failure queue) invokes the function, which runs outside the VPC, keeps per-minute
 * windows in its DynamoDB table and puts one bot-attack event per incident on the default bus.
 * Alarms: function errors, failed batches, and `Requests` above its anomaly band.
 */
export class TrafficMonitor extends Construct {
  readonly function: PlatformFunction;
  readonly stateTable: dynamodb.Table;
  readonly stateTableKey: kms.Key;
  /** Where a mapping records a batch that failed every retry (its topic, partition, offsets). */
  readonly onFailureQueue: sqs.Queue;
  readonly onFailureKey: kms.Key;
  /** By topic name. */
  readonly mappings: ReadonlyMap<string, lambda.CfnEventSourceMapping>;
  readonly alarms: {
    readonly errors: cloudwatch.Alarm;
    readonly deadLetters: cloudwatch.Alarm;
    readonly requestsAnomaly: cloudwatch.AnomalyDetectionAlarm;
  };

  constructor(scope: Construct, id: string, props: TrafficMonitorProps) {
    super(scope, id);
    const { platform, kafka } = props;
    const defaults = TRAFFIC_MONITOR_DEFAULTS;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const memorySize = props.memorySize ?? defaults.memorySize;
    const timeout = props.timeout ?? Duration.seconds(defaults.timeoutSeconds);
    const batchSize = props.batchSize ?? defaults.batchSize;
    const maxBatchingWindow =
      props.maxBatchingWindow ?? Duration.seconds(defaults.maxBatchingWindowSeconds);
    const maxRetryAttempts = props.maxRetryAttempts ?? defaults.maxRetryAttempts;
    const minimumPollers = props.minimumPollers ?? 1;
    const maximumPollers = props.maximumPollers ?? 2;
    const allowedLateness =
      props.allowedLateness ?? Duration.seconds(defaults.allowedLatenessSeconds);
    const partitionIdle = props.partitionIdle ?? Duration.seconds(defaults.partitionIdleSeconds);
    const incidentQuiet = props.incidentQuiet ?? Duration.minutes(defaults.incidentQuietMinutes);
    const stateRetention = props.stateRetention ?? Duration.hours(defaults.stateRetentionHours);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const problems = kafkaMappingProblems({
      batchSize,
      maxBatchingWindow,
      maxRetryAttempts,
      minimumPollers,
      maximumPollers,
    });
    if (problems.length > 0) throw new TrafficMonitorConfigurationError(problems.join('; '));

    const functionName = trafficMonitorFunctionName(platform);
    const newKey = (keyId: string, purpose: string, description: string) =>
      platformKey(this, keyId, {
        alias: keyAlias(platform, `${TRAFFIC_MONITOR_SERVICE_NAME}-${purpose}`),
        description,
        removalPolicy,
      });

    this.stateTableKey = newKey('StateTableKey', 'state', 'Encrypts the traffic monitor state');
    this.stateTable = new dynamodb.Table(this, 'StateTable', {
      tableName: trafficStateTableName(platform),
      partitionKey: {
        name: TRAFFIC_STATE_TABLE.partitionKey,
        type: dynamodb.AttributeType.STRING,
      },
      sortKey: { name: TRAFFIC_STATE_TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Minutes outlive the trailing window only until DynamoDB's TTL sweep removes them.
      timeToLiveAttribute: TRAFFIC_STATE_TABLE.ttlAttribute,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.stateTableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });

    this.onFailureKey = newKey(
      'OnFailureKey',
      'dead-letters',
      'Encrypts the on-failure queue of the traffic monitor mappings',
    );
    this.onFailureQueue = mappingOnFailureQueue(
      this,
      'OnFailureQueue',
      this.onFailureKey,
      removalPolicy,
    );

    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description: 'Flags bot attacks in the web request stream and raises one event per incident',
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(TRAFFIC_MONITOR_SERVICE_NAME),
      memorySize,
      timeout,
      environment: {
        PLATFORM_ENV: platform.environmentName,
        STATE_TABLE_NAME: this.stateTable.tableName,
        EVENT_BUS_NAME: TRAFFIC_MONITOR_EVENT_BUS,
        ALLOWED_LATENESS_SECONDS: String(allowedLateness.toSeconds()),
        PARTITION_IDLE_SECONDS: String(partitionIdle.toSeconds()),
        INCIDENT_QUIET_MINUTES: String(incidentQuiet.toMinutes()),
        STATE_RETENTION_HOURS: String(stateRetention.toHours()),
      },
      logRetention,
      logKeyAlias: keyAlias(platform, `${TRAFFIC_MONITOR_SERVICE_NAME}-logs`),
      removalPolicy,
      // No network: the function calls DynamoDB, EventBridge and CloudWatch Logs only. The
      // mappings' pollers, not the function, run in the cluster's VPC.
    });

    const topics = Object.entries<Topic>(monitoredTopics(platform));
    this.grantMonitoring();
    grantMskEventSource(this.function, {
      kafka,
      topics: topics.map(([, topic]) => topic.name),
      consumerGroups: topics.map(([, topic]) => trafficMonitorConsumerGroup(platform, topic)),
      readTopicsSid: 'ReadMonitoredTopics',
    });

    const mappings = new Map<string, lambda.CfnEventSourceMapping>();
    for (const [purpose, topic] of topics) {
      const mapping = new lambda.CfnEventSourceMapping(this, `${pascal(purpose)}Mapping`, {
        functionName: this.function.function.functionName,
        eventSourceArn: kafka.clusterArn,
        topics: [topic.name],
        // IAM access control: the pollers authenticate as the execution role, so no secret
        // (SourceAccessConfigurations) is named.
        amazonManagedKafkaEventSourceConfig: {
          consumerGroupId: trafficMonitorConsumerGroup(platform, topic),
        },
        // An alert is about now: a new consumer group starts at the end, not at the retention.
        startingPosition: 'LATEST',
        batchSize,
        maximumBatchingWindowInSeconds: maxBatchingWindow.toSeconds(),
        // Kafka sources take retry controls (MaximumRetryAttempts) in provisioned mode only.
        provisionedPollerConfig: { minimumPollers, maximumPollers },
        maximumRetryAttempts: maxRetryAttempts,
        destinationConfig: { onFailure: { destination: this.onFailureQueue.queueArn } },
      });
      // The role's grants, the brokers' rules for the pollers and the topic exist before the
      // mapping, so its first poll can succeed.
      mapping.node.addDependency(this.function.role, kafka.securityGroup);
      const topicResource = props.topicResources?.get(topic.name);
      if (topicResource) mapping.node.addDependency(topicResource);
      mappings.set(topic.name, mapping);
    }
    this.mappings = mappings;

    const fn = this.function.function;
    const alarm = (alarmId: string, options: cloudwatch.AlarmProps) =>
      new cloudwatch.Alarm(this, alarmId, options);
    this.alarms = {
      errors: alarm('ErrorsAlarm', {
        ...functionErrorsAlarm(fn),
        alarmName: `${functionName}-errors`,
        alarmDescription:
          'Invocations failed as a whole (crash, timeout, configuration). The mapping retries the batch, holding its partitions back, then sends its offsets to the on-failure queue.',
      }),
      deadLetters: alarm('DeadLettersAlarm', {
        ...deadLettersAlarm(this.onFailureQueue),
        alarmName: deadLettersAlarmName(functionName),
        alarmDescription:
          'Batches of web requests or access events failed every retry and were skipped. Each message names the topic, partition and offsets (not the records): fix the cause, then read those offsets again while the topic still holds them.',
      }),
      requestsAnomaly: new cloudwatch.AnomalyDetectionAlarm(this, 'RequestsAnomalyAlarm', {
        alarmName: requestsAnomalyAlarmName(platform),
        alarmDescription: `Web requests per minute are above the band CloudWatch expects (${REQUESTS_ANOMALY_ALARM.stdDevs} standard deviations) in ${REQUESTS_ANOMALY_ALARM.datapointsToAlarm} of ${REQUESTS_ANOMALY_ALARM.evaluationPeriods} minutes: a possible bot attack beside the monitor's own rule. Compare with the function's Bot Attack Suspected events.`,
        metric: requestsPerMinute(),
        stdDevs: REQUESTS_ANOMALY_ALARM.stdDevs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
        evaluationPeriods: REQUESTS_ANOMALY_ALARM.evaluationPeriods,
        datapointsToAlarm: REQUESTS_ANOMALY_ALARM.datapointsToAlarm,
        // No requests is no attack; the minutes are also published a few minutes late.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    };
  }

  /** Minute state in the table, bot-attack events on the default bus. */
  private grantMonitoring(): void {
    const stack = Stack.of(this);
    const { role } = this.function;
    const through = (service: string) => ({
      StringEquals: { 'kms:ViaService': `${service}.${stack.region}.amazonaws.com` },
    });
    const statements = [
      new iam.PolicyStatement({
        sid: 'KeepMinuteState',
        actions: [...STATE_TABLE_ACTIONS],
        resources: [this.stateTable.tableArn],
      }),
      new iam.PolicyStatement({
        sid: 'UseStateTableKey',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [this.stateTableKey.keyArn],
        conditions: through('dynamodb'),
      }),
      new iam.PolicyStatement({
        sid: 'RaiseBotAttackEvents',
        actions: ['events:PutEvents'],
        resources: [
          stack.formatArn({
            service: 'events',
            resource: 'event-bus',
            resourceName: TRAFFIC_MONITOR_EVENT_BUS,
          }),
        ],
        // Only the monitor's own event: a leaked role cannot impersonate another source.
        conditions: {
          StringEquals: {
            'events:source': BOT_ATTACK_EVENT.source,
            'events:detail-type': BOT_ATTACK_EVENT.detailType,
          },
        },
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
    for (const statement of statements) role.addToPrincipalPolicy(statement);
  }
}

/** `requests` → `Requests`. */
function pascal(name: string): string {
  return `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

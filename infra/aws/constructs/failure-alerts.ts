import type { aws_kms as kms } from 'aws-cdk-lib';
import {
  ArnFormat,
  Duration,
  RemovalPolicy,
  Stack,
  aws_cloudwatch as cloudwatch,
  aws_cloudwatch_actions as actions,
  aws_dynamodb as dynamodb,
  aws_events as events,
  aws_iam as iam,
  aws_logs as logs,
  type aws_sqs as sqs,
  type aws_sns as sns,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { platformKey } from './platform-key';
import { keyAlias, type Platform } from '../../platform';
import {
  DEAD_LETTERS_ALARM_SUFFIX,
  DEDUPE_TABLE_KEY,
  DEDUPE_TABLE_TTL_ATTRIBUTE,
  FAILURE_ALERTS_DEFAULTS,
  FAILURE_ALERTS_RETRY_ATTEMPTS,
  FAILURE_ALERTS_SERVICE_NAME,
  FLUSH_SCHEDULE_EXPRESSION,
  dedupeTableName,
  fabricAlarmPrefix,
  failureAlertsFunctionName,
  failureRuleName,
  failureRules,
  flushRuleName,
} from '../facts/alerting';
import { lambdaHandlerEntry } from '../facts/functions';
import { asyncDeadLetters } from './async-dead-letters';
import { deadLettersAlarm, functionErrorsAlarm } from './lambda-alarms';
import { PlatformFunction } from './platform-function';

/** What a deployment may tune; every field has a default. */
export interface FailureAlertsOptions {
  /** `DEDUPE_WINDOW_SECONDS`: the same failure is published once per window. @default Duration.minutes(5) */
  readonly dedupeWindow?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The handler file. @default lambdas/failure-alerts/handler.ts */
  readonly handlerEntry?: string;
}

export interface FailureAlertsProps extends FailureAlertsOptions {
  readonly platform: Platform;
  /** The one alert topic, and the key it is encrypted with. */
  readonly alertTopic: sns.ITopic;
  readonly alertTopicKey: kms.IKey;
  /** `RUNBOOK_BASE_URL`: alerts link `<base>/<runbook>.md`. */
  readonly runbookBaseUrl: string;
  /** Applied to the keys, the dedupe table, the log group and the dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The alert fabric (docs/architecture.md#alerts-one-normalised-fabric): EventBridge rules for every
 * failure source, and a schedule that flushes deduplicated alerts, invoke one function that
 * normalises, deduplicates (DynamoDB, TTL) and publishes to the alert topic. What it cannot handle
 * lands in a KMS-encrypted dead-letter queue; its own alarms publish to the topic directly, as the
 * path that still works when the fabric does not.
 */
export class FailureAlerts extends Construct {
  readonly function: PlatformFunction;
  readonly dedupeTable: dynamodb.Table;
  readonly deadLetterQueue: sqs.Queue;
  readonly rules: readonly events.Rule[];
  readonly flushSchedule: events.Rule;
  readonly alarms: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: FailureAlertsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { platform } = props;
    const dedupeWindow =
      props.dedupeWindow ?? Duration.minutes(FAILURE_ALERTS_DEFAULTS.dedupeWindowMinutes);
    const memorySize = props.memorySize ?? FAILURE_ALERTS_DEFAULTS.memorySize;
    const timeout = props.timeout ?? Duration.seconds(FAILURE_ALERTS_DEFAULTS.timeoutSeconds);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const functionName = failureAlertsFunctionName(platform);
    const newKey = (keyId: string, purpose: string, description: string) =>
      platformKey(this, keyId, {
        alias: keyAlias(platform, `${FAILURE_ALERTS_SERVICE_NAME}-${purpose}`),
        description,
        removalPolicy,
      });

    const tableKey = newKey('DedupeTableKey', 'dedupe', 'Encrypts the alert deduplication table');
    this.dedupeTable = new dynamodb.Table(this, 'DedupeTable', {
      tableName: dedupeTableName(platform),
      partitionKey: { name: DEDUPE_TABLE_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      // Entries outlive their window only until DynamoDB's TTL sweep removes them.
      timeToLiveAttribute: DEDUPE_TABLE_TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: tableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });

    const deadLetters = asyncDeadLetters(this, {
      keyAlias: keyAlias(platform, `${FAILURE_ALERTS_SERVICE_NAME}-dead-letters`),
      keyDescription: 'Encrypts the dead-letter queue of the failure-alerts function',
      contents:
        'the failed asynchronous invocations of the function and the events its EventBridge targets could not deliver',
      removalPolicy,
    });
    this.deadLetterQueue = deadLetters.queue;

    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description: 'Turns platform failures into deduplicated alerts on the alert topic',
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(FAILURE_ALERTS_SERVICE_NAME),
      memorySize,
      timeout,
      environment: {
        PLATFORM_ENV: platform.environmentName,
        ALERT_TOPIC_ARN: props.alertTopic.topicArn,
        DEDUPE_TABLE_NAME: this.dedupeTable.tableName,
        DEDUPE_WINDOW_SECONDS: String(dedupeWindow.toSeconds()),
        RUNBOOK_BASE_URL: props.runbookBaseUrl,
      },
      logRetention,
      logKeyAlias: keyAlias(platform, `${FAILURE_ALERTS_SERVICE_NAME}-logs`),
      removalPolicy,
    });
    const fn = this.function.function;

    const fabricAlarmArnPrefix = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: fabricAlarmPrefix(platform),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const target = deadLetters.targetFor(fn);
    this.rules = failureRules(platform, fabricAlarmArnPrefix).map(
      (rule) =>
        new events.Rule(this, rule.id, {
          ruleName: failureRuleName(platform, rule.id),
          description: rule.description,
          // EventBridge's matchers are objects (`{ prefix }`) where the CDK's type says string.
          eventPattern: rule.eventPattern as events.EventPattern,
          targets: [target],
        }),
    );
    this.flushSchedule = new events.Rule(this, 'FlushSchedule', {
      ruleName: flushRuleName(platform),
      description: 'Publishes the deduplicated alerts whose window has closed',
      schedule: events.Schedule.expression(FLUSH_SCHEDULE_EXPRESSION),
      targets: [target],
    });

    this.grantAlerting(props, tableKey);
    deadLetters.routeFailuresOf(this.function, {
      retryAttempts: FAILURE_ALERTS_RETRY_ATTEMPTS,
      sid: 'DeadLetterFailedInvocations',
    });

    const notify = new actions.SnsAction(props.alertTopic);
    const fabricAlarm = (alarmId: string, suffix: string, options: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        ...options,
        alarmName: `${fabricAlarmPrefix(platform)}${suffix}`,
      });
      alarm.addAlarmAction(notify);
      return alarm;
    };
    this.alarms = [
      fabricAlarm('ErrorsAlarm', 'errors', functionErrorsAlarm(fn)),
      fabricAlarm('DeadLettersAlarm', DEAD_LETTERS_ALARM_SUFFIX, {
        ...deadLettersAlarm(this.deadLetterQueue),
        alarmDescription:
          'Failure events the fabric could not turn into alerts. Read them here (they were not published), fix the cause, then replay them to the function.',
      }),
    ];
  }

  /** Publish to the topic and keep dedupe state in the table (dead-lettering is granted apart). */
  private grantAlerting(props: FailureAlertsProps, tableKey: kms.IKey): void {
    const stack = Stack.of(this);
    const role = this.function.role;
    const through = (service: string) => ({
      StringEquals: { 'kms:ViaService': `${service}.${stack.region}.amazonaws.com` },
    });
    const statements = [
      new iam.PolicyStatement({
        sid: 'PublishAlerts',
        actions: ['sns:Publish'],
        resources: [props.alertTopic.topicArn],
      }),
      new iam.PolicyStatement({
        sid: 'EncryptAlertsForTheTopic',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.alertTopicKey.keyArn],
        conditions: through('sns'),
      }),
      new iam.PolicyStatement({
        sid: 'DeduplicateAlerts',
        actions: [
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Scan',
          'dynamodb:UpdateItem',
        ],
        resources: [this.dedupeTable.tableArn],
      }),
      new iam.PolicyStatement({
        sid: 'UseDedupeTableKey',
        actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [tableKey.keyArn],
        conditions: through('dynamodb'),
      }),
    ];
    for (const statement of statements) role.addToPrincipalPolicy(statement);
    this.function.acknowledgeWildcard(
      'Resource::*',
      'The X-Ray write actions (active tracing) have no resource type.',
    );
  }
}

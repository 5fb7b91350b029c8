import {
  ArnFormat,
  CfnOutput,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_iam as iam,
  aws_kms as kms,
  aws_sns as sns,
  aws_sns_subscriptions as subscriptions,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { keyAlias, resourcePrefix, type Platform } from '../../platform';
import { FailureAlerts, type FailureAlertsOptions } from '../constructs/failure-alerts';
import { readRunbookBaseUrl } from '../options/runbook-url';
import { fabricAlarmPrefix, alertTopicName } from '../facts/alerting';

export interface AlertingStackProps extends StackProps {
  readonly platform: Platform;
  /** Subscribed to the topic by e-mail (confirmation required). @default no subscription */
  readonly alertEmail?: string;
  /** Where alerts link their runbooks. @default `-c runbookBaseUrl`, else DEFAULT_RUNBOOK_BASE_URL */
  readonly runbookBaseUrl?: string;
  /** Dedupe window, sizing and handler of the failure-alerts function. @default the defaults of FailureAlertsOptions */
  readonly failureAlerts?: FailureAlertsOptions;
  /** Applied to the keys, the dedupe table, the log group and the dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Only CloudWatch publishes to the topic as a service: the alert fabric's own alarms. */
const ALARM_PUBLISHER = 'cloudwatch.amazonaws.com';

/**
 * The conditions that hold when CloudWatch acts for one of the fabric's own alarms
 * (`hybrid-lake-dev-failure-alerts-…`) in this account and region, the only alarms with an SNS
 * action: the source account, and the alarm ARN by its name prefix.
 */
function fabricAlarmConditions(stack: Stack, platform: Platform): Record<string, unknown> {
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: `${fabricAlarmPrefix(platform)}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
}

/**
 * The one alert topic every failure ends in, and the fabric that feeds it
 * (docs/architecture.md#alerts-one-normalised-fabric). Both live here: the topic's only regular
 * publisher is the failure-alerts function, and no other stack references either, so only the
 * dashboard's stack, which charts the fabric's dead-letter queue, depends on this one.
 */
export class AlertingStack extends Stack {
  readonly alertTopic: sns.ITopic;
  readonly failureAlerts: FailureAlerts;

  constructor(scope: Construct, id: string, props: AlertingStackProps) {
    super(scope, id, props);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const key = new kms.Key(this, 'AlertTopicKey', {
      alias: keyAlias(platform, 'alerts'),
      description: 'Encrypts the platform alert topic',
      enableKeyRotation: true,
      removalPolicy,
    });
    // The fabric's own alarms publish as CloudWatch, so CloudWatch must be able to use the key,
    // but only for those alarms of this account: without the conditions any account's alarm
    // could have CloudWatch use it (the confused deputy).
    const fromFabricAlarms = fabricAlarmConditions(this, platform);
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsToEncrypt',
        principals: [new iam.ServicePrincipal(ALARM_PUBLISHER)],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromFabricAlarms,
      }),
    );

    const topic = new sns.Topic(this, 'AlertTopic', {
      topicName: alertTopicName(platform),
      displayName: `${resourcePrefix(platform)} alerts`,
      masterKey: key,
      enforceSSL: true,
      signatureVersion: '2',
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsFromThisAccount',
        principals: [new iam.ServicePrincipal(ALARM_PUBLISHER)],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: fromFabricAlarms,
      }),
    );

    const email = props.alertEmail ?? platform.environment.alertEmail;
    if (email !== undefined) topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.alertTopic = topic;

    this.failureAlerts = new FailureAlerts(this, 'FailureAlerts', {
      platform,
      alertTopic: topic,
      alertTopicKey: key,
      runbookBaseUrl: props.runbookBaseUrl ?? readRunbookBaseUrl(this),
      ...props.failureAlerts,
      removalPolicy,
    });

    new CfnOutput(this, 'AlertTopicArn', {
      value: topic.topicArn,
      exportName: `${resourcePrefix(platform)}-alert-topic-arn`,
      description: 'SNS topic receiving every platform alert',
    });
  }
}

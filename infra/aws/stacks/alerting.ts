import {
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

export interface AlertingStackProps extends StackProps {
  readonly platform: Platform;
  /** Subscribed to the topic by e-mail (confirmation required). @default no subscription */
  readonly alertEmail?: string;
  /** Applied to the topic's key. @default RemovalPolicy.RETAIN */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/** Services that publish platform failures straight to the topic. */
const PUBLISHING_SERVICES = ['events.amazonaws.com', 'cloudwatch.amazonaws.com'] as const;

/** The one alert topic every failure source ends in (DESIGN.md §4, "one normalised fabric"). */
export class AlertingStack extends Stack {
  readonly alertTopic: sns.ITopic;

  constructor(scope: Construct, id: string, props: AlertingStackProps) {
    super(scope, id, props);
    const { platform } = props;

    const key = new kms.Key(this, 'AlertTopicKey', {
      alias: keyAlias(platform, 'alerts'),
      description: 'Encrypts the platform alert topic',
      enableKeyRotation: true,
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    // EventBridge rules and CloudWatch alarms publish as their service, so they must be able to
    // use the key. Who may publish at all is decided by the topic policy below, which pins the
    // source account.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlertPublishersToEncrypt',
        principals: PUBLISHING_SERVICES.map((service) => new iam.ServicePrincipal(service)),
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    const topic = new sns.Topic(this, 'AlertTopic', {
      topicName: `${resourcePrefix(platform)}-alerts`,
      displayName: `${resourcePrefix(platform)} alerts`,
      masterKey: key,
      enforceSSL: true,
      signatureVersion: '2',
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlertPublishersFromThisAccount',
        principals: PUBLISHING_SERVICES.map((service) => new iam.ServicePrincipal(service)),
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );

    const email = props.alertEmail ?? platform.environment.alertEmail;
    if (email !== undefined) topic.addSubscription(new subscriptions.EmailSubscription(email));

    this.alertTopic = topic;
    new CfnOutput(this, 'AlertTopicArn', {
      value: topic.topicArn,
      exportName: `${resourcePrefix(platform)}-alert-topic-arn`,
      description: 'SNS topic receiving every platform alert',
    });
  }
}

import {
  ArnFormat,
  Duration,
  RemovalPolicy,
  Stack,
  aws_iam as iam,
  aws_kms as kms,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface EncryptedLogGroupProps {
  /** Name of the log group; the key may encrypt this group only. */
  readonly logGroupName: string;
  /** KMS alias of the group's own key, from `keyAlias` in infra/platform. */
  readonly keyAlias: string;
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly retention?: logs.RetentionDays;
  /** Applied to the key and the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A CloudWatch log group encrypted with its own rotating customer key. CloudWatch Logs encrypts
 * as its regional service principal, so the key policy lets that principal use the key for this
 * one log group and nothing else.
 */
export class EncryptedLogGroup extends Construct {
  readonly key: kms.Key;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = new kms.Key(this, 'Key', {
      alias: props.keyAlias,
      description: props.description,
      enableKeyRotation: true,
      removalPolicy,
      ...(removalPolicy === RemovalPolicy.DESTROY && { pendingWindow: Duration.days(7) }),
    });
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsForThisLogGroup',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: [
          'kms:Encrypt*',
          'kms:Decrypt*',
          'kms:ReEncrypt*',
          'kms:GenerateDataKey*',
          'kms:Describe*',
        ],
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: props.logGroupName,
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: this.key,
      retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
  }
}

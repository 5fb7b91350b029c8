import { RemovalPolicy, type aws_kms as kms, aws_logs as logs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { allowLogsToUseKey, platformKey } from './platform-key';

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
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = platformKey(this, 'Key', {
      alias: props.keyAlias,
      description: props.description,
      removalPolicy,
    });
    allowLogsToUseKey(this.key, {
      sid: 'AllowCloudWatchLogsForThisLogGroup',
      logGroupName: props.logGroupName,
    });

    this.logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName: props.logGroupName,
      encryptionKey: this.key,
      retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
  }
}

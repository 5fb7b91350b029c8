import {
  ArnFormat,
  Duration,
  RemovalPolicy,
  Stack,
  aws_iam as iam,
  aws_kms as kms,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';

export interface PlatformKeyProps {
  /** From `keyAlias` in infra/platform. */
  readonly alias: string;
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A customer-managed key as every part of the platform makes one: rotation on, retained unless
 * the data it protects may be destroyed, and then deleted after the shortest waiting period
 * (7 days) so a torn-down development environment does not leave keys behind for a month.
 */
export function platformKey(scope: Construct, id: string, props: PlatformKeyProps): kms.Key {
  const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
  return new kms.Key(scope, id, {
    alias: props.alias,
    description: props.description,
    enableKeyRotation: true,
    removalPolicy,
    ...(removalPolicy === RemovalPolicy.DESTROY && { pendingWindow: Duration.days(7) }),
  });
}

export interface LogGroupKeyGrant {
  readonly sid: string;
  /** The log group's name, or a pattern with `*` when `match` is `'like'`. */
  readonly logGroupName: string;
  /** @default 'equals' */
  readonly match?: 'equals' | 'like';
}

/**
 * Lets CloudWatch Logs use `key` for the named log group(s) only. Logs encrypts as its regional
 * service principal and names the log group in the encryption context, which the condition pins.
 */
export function allowLogsToUseKey(key: kms.Key, grant: LogGroupKeyGrant): void {
  const stack = Stack.of(key);
  const operator = grant.match === 'like' ? 'ArnLike' : 'ArnEquals';
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: grant.sid,
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
        [operator]: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs',
            resource: 'log-group',
            resourceName: grant.logGroupName,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }),
  );
}

import {
  Duration,
  type RemovalPolicy,
  Stack,
  Validations,
  aws_events_targets as targets,
  aws_iam as iam,
  type aws_kms as kms,
  type aws_lambda as lambda,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { QUEUE_RETENTION_DAYS } from '../facts/queues';
import type { PlatformFunction } from './platform-function';
import { platformKey } from './platform-key';

export interface AsyncDeadLettersProps {
  /** KMS alias of the queue's own key, from `keyAlias` in infra/platform. */
  readonly keyAlias: string;
  readonly keyDescription: string;
  /** What ends up in the queue, in the words of its cdk-nag acknowledgement. */
  readonly contents: string;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The dead-letter queue of a function that EventBridge invokes asynchronously: failed
 * invocations (after Lambda's retries) and events EventBridge could not deliver both land here.
 */
export interface AsyncDeadLetters {
  readonly key: kms.Key;
  readonly queue: sqs.Queue;
  /**
   * Sends the function's failed asynchronous invocations here after `retryAttempts` retries,
   * and lets its role send to the queue and encrypt for it through SQS only. A function has one
   * asynchronous-invocation configuration, so its on-success destination, if any, is set here too
   * (its grant is the caller's).
   */
  routeFailuresOf(
    fn: PlatformFunction,
    options: {
      retryAttempts: number;
      maxEventAge?: Duration;
      sid: string;
      /** The ARN of the on-success destination. @default none */
      onSuccessArn?: string;
    },
  ): void;
  /** An EventBridge target for the function that dead-letters what it cannot deliver here. */
  targetFor(fn: lambda.IFunction): targets.LambdaFunction;
}

/**
 * Creates the queue and its key directly in `scope`, as `DeadLetterKey` and `DeadLetterQueue`,
 * so the constructs that used to build them inline keep their resources' logical IDs.
 */
export function asyncDeadLetters(scope: Construct, props: AsyncDeadLettersProps): AsyncDeadLetters {
  const stack = Stack.of(scope);
  const key = platformKey(scope, 'DeadLetterKey', {
    alias: props.keyAlias,
    description: props.keyDescription,
    removalPolicy: props.removalPolicy,
  });
  // EventBridge encrypts what it dead-letters as its service; the queue policy the Lambda target
  // writes (one statement per rule, with aws:SourceArn) decides who may send. No source condition
  // on the key: EventBridge does not pass one to KMS (docs/decisions.md, "EventBridge and queue
  // keys").
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'AllowEventBridgeToEncryptMessages',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
    }),
  );
  const queue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    dataKeyReuse: Duration.hours(1),
    enforceSSL: true,
    retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
    removalPolicy: props.removalPolicy,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself a dead-letter queue: it takes ${props.contents}.`,
  });

  return {
    key,
    queue,
    routeFailuresOf(fn, options) {
      const destination = queue.queueArn;
      const onSuccess = options.onSuccessArn;
      // Bound by hand: the CDK SQS destination would grant more than sending.
      fn.function.configureAsyncInvoke({
        onFailure: { bind: () => ({ destination }) },
        ...(onSuccess !== undefined && { onSuccess: { bind: () => ({ destination: onSuccess }) } }),
        retryAttempts: options.retryAttempts,
        maxEventAge: options.maxEventAge,
      });
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: options.sid,
          actions: ['sqs:SendMessage'],
          resources: [queue.queueArn],
        }),
      );
      fn.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'EncryptDeadLetters',
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: [key.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
        }),
      );
    },
    targetFor(fn) {
      return new targets.LambdaFunction(fn, {
        deadLetterQueue: queue,
        // EventBridge's own maximum: retry a failing delivery for a day before dead-lettering it.
        maxEventAge: Duration.hours(24),
        retryAttempts: 185,
      });
    },
  };
}

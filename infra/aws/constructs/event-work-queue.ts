import type { aws_events as events, aws_kms as kms } from 'aws-cdk-lib';
import { Duration, Lazy, RemovalPolicy, aws_iam as iam, aws_sqs as sqs } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT, QUEUE_RETENTION_DAYS } from '../facts/queues';
import { platformKey } from './platform-key';

export interface EventWorkQueueProps {
  /** Alias of the customer-managed key that encrypts both queues. */
  readonly keyAlias: string;
  /** Visibility timeout of the work queue; at least six times the consumer's timeout. */
  readonly visibilityTimeout: Duration;
  /** Applied to the key and the dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A KMS-encrypted work queue with its dead-letter queue, fed by its EventBridge rules and drained
 * by one function. The same dead-letter queue also takes the events EventBridge could not
 * deliver, so a single redrive to the work queue replays both kinds of failure, and one alarm
 * watches both.
 */
export class EventWorkQueue extends Construct {
  readonly key: kms.Key;
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: EventWorkQueueProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.key = platformKey(this, 'Key', {
      alias: props.keyAlias,
      description: `Encrypts the queues of ${props.keyAlias}`,
      removalPolicy,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
      removalPolicy,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.key,
      // Fewer KMS calls per message; an hour is well inside what the key policy allows.
      dataKeyReuse: Duration.hours(1),
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      // Four days (the default) would silently lose events if the consumer were broken over a
      // long weekend; fourteen is the maximum.
      retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
  }

  /** The rules given a target so far: the only senders the queue policies admit. */
  private readonly rules: events.Rule[] = [];

  /**
   * A rule's target: the work queue, with the dead-letter queue for events EventBridge gives up
   * on. Only the rules given a target may send to either queue (`aws:SourceArn`), and EventBridge
   * may use the key to encrypt what it sends. The key statement carries no source condition:
   * EventBridge does not pass `aws:SourceAccount`/`aws:SourceArn` to KMS (docs/decisions.md,
   * "EventBridge and queue keys"), so one there would drop every event; the queue policies
   * decide who sends.
   */
  targetFor(rule: events.Rule): events.IRuleTarget {
    this.rules.push(rule);
    if (this.rules.length === 1) this.admitRules();
    const queueArn = this.queue.queueArn;
    const deadLetterArn = this.deadLetterQueue.queueArn;
    return {
      bind: () => ({
        arn: queueArn,
        deadLetterConfig: { arn: deadLetterArn },
        // EventBridge's own maximum: retry a failing delivery for a day before giving up.
        retryPolicy: {
          maximumEventAgeInSeconds: Duration.hours(24).toSeconds(),
          maximumRetryAttempts: 185,
        },
      }),
    };
  }

  /** One statement per queue and one for the key, whatever the number of rules (a Sid is unique). */
  private admitRules(): void {
    const sourceArns = Lazy.list({ produce: () => this.rules.map((rule) => rule.ruleArn) });
    for (const target of [this.queue, this.deadLetterQueue]) {
      target.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowOnlyItsRules',
          principals: [new iam.ServicePrincipal('events.amazonaws.com')],
          actions: ['sqs:SendMessage'],
          resources: [target.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': sourceArns } },
        }),
      );
    }
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEventBridgeToEncryptMessages',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
  }
}

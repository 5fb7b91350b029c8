import {
  Duration,
  RemovalPolicy,
  Validations,
  type aws_kms as kms,
  aws_sqs as sqs,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { QUEUE_RETENTION_DAYS } from '../facts/queues';

/**
 * The on-failure destination of MSK event source mappings: a KMS-encrypted, TLS-only queue that
 * receives the topic, partition and offsets of each batch that failed every retry (never the
 * records), kept as long as the platform's other dead-letter queues.
 */
export function mappingOnFailureQueue(
  scope: Construct,
  id: string,
  key: kms.IKey,
  removalPolicy: RemovalPolicy = RemovalPolicy.RETAIN,
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    dataKeyReuse: Duration.hours(1),
    enforceSSL: true,
    retentionPeriod: Duration.days(QUEUE_RETENTION_DAYS),
    removalPolicy,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue: the MSK event source mappings send it the topic, partition and offsets of each batch that failed every retry.',
  });
  return queue;
}

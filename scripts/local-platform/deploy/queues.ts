/**
 * The SQS side of the local deployment: queues by name, their references, and the redrive
 * settings every work queue and inbox gets.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueRef } from '../deployment';
import { QUEUE_RETENTION_DAYS } from '../../../infra/aws/facts/queues';

/** localcloud answered without a field the API always returns. */
export class LocalDeploymentError extends Error {
  override readonly name = 'LocalDeploymentError';
}

/** The reference of an existing queue, from its URL. */
export async function queueRef(sqs: SQSClient, url: string): Promise<QueueRef> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  const arn = Attributes?.QueueArn;
  if (arn === undefined) throw new LocalDeploymentError(`no QueueArn for ${url}`);
  return { name: arn.slice(arn.lastIndexOf(':') + 1), url, arn };
}

/** A dead-letter queue, keeping messages as long as the CDK's (SQS's maximum). */
export async function createDeadLetterQueue(sqs: SQSClient, name: string): Promise<QueueRef> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { MessageRetentionPeriod: String(QUEUE_RETENTION_DAYS * 86_400) },
    }),
  );
  if (QueueUrl === undefined) throw new LocalDeploymentError(`no QueueUrl for ${name}`);
  return queueRef(sqs, QueueUrl);
}

export interface RedriveSettings {
  readonly deadLetterQueue: QueueRef;
  readonly visibilityTimeoutSeconds: number;
  /** Receives before SQS moves a message to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/** Gives a queue its redrive and the CDK's retention, with the local visibility timeout. */
export async function applyRedrive(
  sqs: SQSClient,
  queue: QueueRef,
  settings: RedriveSettings,
): Promise<void> {
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queue.url,
      Attributes: {
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(QUEUE_RETENTION_DAYS * 86_400),
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: settings.deadLetterQueue.arn,
          maxReceiveCount: settings.maxReceiveCount,
        }),
      },
    }),
  );
}

export interface QueueWithDeadLetters {
  readonly queue: QueueRef;
  readonly deadLetterQueue: QueueRef;
}

/** A new queue with its own dead-letter queue (`<name>-dlq`) and the redrive above. */
export async function createQueueWithDeadLetters(
  sqs: SQSClient,
  name: string,
  redrive: Omit<RedriveSettings, 'deadLetterQueue'>,
): Promise<QueueWithDeadLetters> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  if (QueueUrl === undefined) throw new LocalDeploymentError(`no QueueUrl for ${name}`);
  return addDeadLetters(sqs, QueueUrl, redrive);
}

/**
 * Gives a queue that exists already (made with the route that feeds it) its dead-letter queue,
 * `<name>-dlq`, and the redrive above.
 */
export async function addDeadLetters(
  sqs: SQSClient,
  queueUrl: string,
  redrive: Omit<RedriveSettings, 'deadLetterQueue'>,
): Promise<QueueWithDeadLetters> {
  const queue = await queueRef(sqs, queueUrl);
  const deadLetterQueue = await createDeadLetterQueue(sqs, deadLetterQueueName(queue.name));
  await applyRedrive(sqs, queue, { ...redrive, deadLetterQueue });
  return { queue, deadLetterQueue };
}

/** The CDK lets CloudFormation name the queues; locally the dead-letter queue is `<queue>-dlq`. */
export function deadLetterQueueName(queueName: string): string {
  return `${queueName}-dlq`;
}

import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { deadLetterHolds } from '../../../../scripts/local-run/injected-failures';
import { objectCreatedEvent } from '../../../fixtures/events/s3-events';
import { useLocalCloud } from '../../../fixtures/localcloud';

const cloud = useLocalCloud();

async function queueWith(sqs: SQSClient, keys: readonly string[]): Promise<string> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'transfer-dlq' }));
  for (const key of keys)
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: JSON.stringify(objectCreatedEvent({ key })),
      }),
    );
  return QueueUrl!;
}

async function visible(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages);
}

describe('deadLetterHolds', () => {
  it("finds an object's event among the parked messages, and leaves them visible", async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const corrupt = 'web_logs/year=2026/month=03/day=02/hour=12/part 00007+a%b.json';
    const queueUrl = await queueWith(sqs, ['access_events/part-00001.json', corrupt]);

    await expect(deadLetterHolds(sqs, queueUrl, corrupt)).resolves.toBe(true);
    await expect(deadLetterHolds(sqs, queueUrl, 'web_logs/part-00008.json')).resolves.toBe(false);
    expect(await visible(sqs, queueUrl)).toBe(2);
  });

  it('says no for an empty queue', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const queueUrl = await queueWith(sqs, []);
    await expect(deadLetterHolds(sqs, queueUrl, 'web_logs/part-00001.json')).resolves.toBe(false);
  });
});

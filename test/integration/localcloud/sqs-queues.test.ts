import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  PurgeQueueCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  TagQueueCommand,
} from '@aws-sdk/client-sqs';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const sqs = () => new SQSClient(cloud().clientConfig);
const sqsService = () => cloud().services.sqs;
const createQueue = async (QueueName: string, Attributes?: Record<string, string>) =>
  (await sqs().send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl!;

describe('SQS queues', () => {
  it('creates a queue whose URL and ARN follow the account and endpoint', async () => {
    const url = await createQueue('orders');

    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
    );

    expect(url).toBe(`${cloud().endpoint}/${cloud().accountId}/orders`);
    expect(Attributes).toEqual({ QueueArn: `arn:aws:sqs:us-east-1:${cloud().accountId}:orders` });
  });

  it('reports the documented defaults and live counters under All', async () => {
    const url = await createQueue('defaults');
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'now' }));
    await sqs().send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 60 }),
    );

    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );

    expect(Attributes).toMatchObject({
      VisibilityTimeout: '30',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      DelaySeconds: '0',
      ReceiveMessageWaitTimeSeconds: '0',
      SqsManagedSseEnabled: 'true',
      ApproximateNumberOfMessages: '1',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '1',
    });
    expect(Attributes?.CreatedTimestamp).toMatch(/^\d{10}$/);
    expect(Attributes?.LastModifiedTimestamp).toBe(Attributes?.CreatedTimestamp);
  });

  it('is idempotent for matching attributes and refuses different ones', async () => {
    const url = await createQueue('jobs', { VisibilityTimeout: '60' });

    const again = await createQueue('jobs', { VisibilityTimeout: '60' });
    const conflict = sqs().send(
      new CreateQueueCommand({ QueueName: 'jobs', Attributes: { VisibilityTimeout: '10' } }),
    );

    expect(again).toBe(url);
    await expect(conflict).rejects.toMatchObject({
      name: 'QueueNameExists',
      message:
        'A queue already exists with the same name and a different value for attribute VisibilityTimeout',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    ['a name with a dot', 'bad.name', undefined, 'InvalidParameterValue'],
    ['an 81-character name', 'x'.repeat(81), undefined, 'InvalidParameterValue'],
    [
      'an out-of-range VisibilityTimeout',
      'q',
      { VisibilityTimeout: '43201' },
      'InvalidAttributeValue',
    ],
    ['an unknown attribute', 'q', { Colour: 'blue' }, 'InvalidAttributeName'],
    ['a non-numeric DelaySeconds', 'q', { DelaySeconds: 'soon' }, 'InvalidAttributeValue'],
  ])('rejects %s', async (_case, QueueName, Attributes, name) => {
    await expect(
      sqs().send(
        new CreateQueueCommand({
          QueueName,
          Attributes: Attributes as Record<string, string> | undefined,
        }),
      ),
    ).rejects.toMatchObject({ name, $metadata: { httpStatusCode: 400 } });
  });

  it('validates and echoes a redrive policy and KMS settings', async () => {
    const dlqUrl = await createQueue('orders-dlq');
    const dlqArn = sqsService().queueArn('orders-dlq');
    const redrive = JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '3' });

    const url = await createQueue('orders', {
      RedrivePolicy: redrive,
      KmsMasterKeyId: 'alias/aws/sqs',
    });
    const missingTarget = await sqs()
      .send(
        new CreateQueueCommand({
          QueueName: 'other',
          Attributes: {
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: `${dlqArn}-x`,
              maxReceiveCount: 3,
            }),
          },
        }),
      )
      .catch((error: unknown) => error);
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['RedrivePolicy', 'KmsMasterKeyId', 'SqsManagedSseEnabled'],
      }),
    );

    expect(dlqUrl).toContain('orders-dlq');
    expect(Attributes).toEqual({
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
      KmsMasterKeyId: 'alias/aws/sqs',
      SqsManagedSseEnabled: 'false',
    });
    expect(missingTarget).toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('Dead letter target does not exist.'),
    });
  });

  it('finds a queue URL by name and fails for an unknown one', async () => {
    const url = await createQueue('lookup');

    const found = await sqs().send(new GetQueueUrlCommand({ QueueName: 'lookup' }));
    const missing = sqs().send(new GetQueueUrlCommand({ QueueName: 'absent' }));

    expect(found.QueueUrl).toBe(url);
    await expect(missing).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      message: 'The specified queue does not exist.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('changes attributes and rejects unknown attribute names', async () => {
    const url = await createQueue('tunable');

    await sqs().send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: { DelaySeconds: '5', Policy: '{}' },
      }),
    );
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['DelaySeconds', 'Policy'] }),
    );
    const unknownName = sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Nope' as never] }),
    );

    expect(Attributes).toEqual({ DelaySeconds: '5', Policy: '{}' });
    await expect(unknownName).rejects.toMatchObject({
      name: 'InvalidAttributeName',
      message: 'Unknown Attribute Nope.',
    });
  });

  it('lists queues by prefix, a page at a time', async () => {
    for (const name of ['app-a', 'app-b', 'app-c', 'other']) await createQueue(name);

    const first = await sqs().send(
      new ListQueuesCommand({ QueueNamePrefix: 'app-', MaxResults: 2 }),
    );
    const second = await sqs().send(
      new ListQueuesCommand({ QueueNamePrefix: 'app-', MaxResults: 2, NextToken: first.NextToken }),
    );
    const everything = await sqs().send(new ListQueuesCommand({}));

    expect(first.QueueUrls?.map((url) => url.split('/').pop())).toEqual(['app-a', 'app-b']);
    expect(second.QueueUrls?.map((url) => url.split('/').pop())).toEqual(['app-c']);
    expect(second.NextToken).toBeUndefined();
    expect(everything.QueueUrls).toHaveLength(4);
  });

  it('deletes a queue and refuses its name for 60 seconds', async () => {
    const url = await createQueue('short-lived');

    await sqs().send(new DeleteQueueCommand({ QueueUrl: url }));
    const tooSoon = sqs().send(new CreateQueueCommand({ QueueName: 'short-lived' }));
    await expect(tooSoon).rejects.toMatchObject({ name: 'QueueDeletedRecently' });
    cloud().advanceClock(61_000);
    const recreated = await createQueue('short-lived');

    expect(recreated).toBe(url);
    await expect(
      sqs().send(
        new DeleteQueueCommand({ QueueUrl: `${cloud().endpoint}/${cloud().accountId}/gone` }),
      ),
    ).rejects.toMatchObject({ name: 'QueueDoesNotExist' });
  });

  it('purges every message and allows one purge per minute', async () => {
    const url = await createQueue('purgeable');
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));

    await sqs().send(new PurgeQueueCommand({ QueueUrl: url }));
    const secondPurge = sqs().send(new PurgeQueueCommand({ QueueUrl: url }));

    expect(sqsService().messagesIn('purgeable')).toEqual([]);
    await expect(secondPurge).rejects.toMatchObject({
      name: 'PurgeQueueInProgress',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('tags queues', async () => {
    const url = await createQueue('tagged');

    await sqs().send(new TagQueueCommand({ QueueUrl: url, Tags: { team: 'data' } }));
    const { Tags } = await sqs().send(new ListQueueTagsCommand({ QueueUrl: url }));

    expect(Tags).toEqual({ team: 'data' });
  });

  it('restores queues and messages from a snapshot', async () => {
    const url = await createQueue('persisted', { VisibilityTimeout: '45' });
    await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'kept' }));
    const snapshot = JSON.parse(JSON.stringify(sqsService().snapshot())) as unknown;

    cloud().reset();
    sqsService().restore(snapshot);
    const { Attributes } = await sqs().send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }),
    );

    expect(Attributes).toEqual({ VisibilityTimeout: '45' });
    expect(
      sqsService()
        .messagesIn('persisted')
        .map((message) => message.body),
    ).toEqual(['kept']);
  });
});

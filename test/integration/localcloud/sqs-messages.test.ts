import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { createHash } from 'node:crypto';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const sqs = () => new SQSClient(cloud().clientConfig);
const sqsService = () => cloud().services.sqs;
const createQueue = async (QueueName: string, Attributes?: Record<string, string>) =>
  (await sqs().send(new CreateQueueCommand({ QueueName, Attributes }))).QueueUrl!;
const send = (QueueUrl: string, MessageBody: string) =>
  sqs().send(new SendMessageCommand({ QueueUrl, MessageBody }));
const receive = (
  QueueUrl: string,
  extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {},
) => sqs().send(new ReceiveMessageCommand({ QueueUrl, ...extra }));

describe('SQS SendMessage', () => {
  it('returns the body and attribute digests AWS computes', async () => {
    const url = await createQueue('shop');

    const sent = await sqs().send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'hello',
        MessageAttributes: { SellerName: { DataType: 'String', StringValue: 'Example Store' } },
      }),
    );

    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('hello').digest('hex'));
    // The AWS developer guide's worked example for this single attribute.
    expect(sent.MD5OfMessageAttributes).toBe('cd28f3b68aeee4b2eac9c66f2f694b58');
    expect(sent.MessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['an unknown data type', { a: { DataType: 'Text', StringValue: 'x' } }],
    ['a Number that is not a number', { a: { DataType: 'Number', StringValue: 'ten' } }],
    ['a String without a value', { a: { DataType: 'String' } }],
    ['a reserved name', { 'AWS.thing': { DataType: 'String', StringValue: 'x' } }],
  ])('rejects %s', async (_case, MessageAttributes) => {
    const url = await createQueue('strict');

    const result = sqs().send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes }),
    );

    await expect(result).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('refuses a message larger than the queue allows and invalid characters', async () => {
    const url = await createQueue('small', { MaximumMessageSize: '1024' });

    const tooLarge = sqs().send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1025) }),
    );
    await expect(tooLarge).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message:
        'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.',
    });
    const control = sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a\u0001b' }));
    await expect(control).rejects.toMatchObject({ name: 'InvalidMessageContents' });
  });

  it('holds a delayed message back until its delay passes', async () => {
    const url = await createQueue('delayed');
    await sqs().send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 30 }),
    );

    const early = await receive(url);
    cloud().advanceClock(30_000);
    const onTime = await receive(url);

    expect(early.Messages).toBeUndefined();
    expect(onTime.Messages?.map((message) => message.Body)).toEqual(['later']);
  });

  it('sends batches with per-entry results and enforces batch limits', async () => {
    const url = await createQueue('batch');

    const result = await sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', MessageBody: 'fine' },
          { Id: 'late', MessageBody: 'x', DelaySeconds: 901 },
        ],
      }),
    );
    const tooMany = sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 11 }, (_, index) => ({ Id: `m${index}`, MessageBody: 'x' })),
      }),
    );
    await expect(tooMany).rejects.toMatchObject({ name: 'TooManyEntriesInBatchRequest' });
    const duplicate = sqs().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'same', MessageBody: 'a' },
          { Id: 'same', MessageBody: 'b' },
        ],
      }),
    );
    await expect(duplicate).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinct' });
    const empty = sqs().send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] }));

    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['ok']);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'late', Code: 'InvalidParameterValue', SenderFault: true }),
    ]);
    await expect(empty).rejects.toMatchObject({ name: 'EmptyBatchRequest' });
  });
});

describe('SQS ReceiveMessage', () => {
  it('hides a received message for the visibility timeout', async () => {
    const url = await createQueue('work', { VisibilityTimeout: '20' });
    await send(url, 'task');

    const first = await receive(url);
    const hidden = await receive(url);
    cloud().advanceClock(20_000);
    const again = await receive(url, { MessageSystemAttributeNames: ['ApproximateReceiveCount'] });

    expect(first.Messages?.[0]?.Body).toBe('task');
    expect(hidden.Messages).toBeUndefined();
    expect(again.Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: '2' });
    expect(again.Messages?.[0]?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);
  });

  it('returns at most MaxNumberOfMessages and validates the range', async () => {
    const url = await createQueue('many');
    for (const body of ['1', '2', '3']) await send(url, body);

    const two = await receive(url, { MaxNumberOfMessages: 2 });
    const eleven = receive(url, { MaxNumberOfMessages: 11 });

    expect(two.Messages).toHaveLength(2);
    await expect(eleven).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message:
        'Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided.',
    });
  });

  it('long-polls and returns as soon as a message arrives', async () => {
    const url = await createQueue('poll');
    const started = Date.now();

    const polling = receive(url, { WaitTimeSeconds: 10 });
    setTimeout(() => void send(url, 'arrived'), 200);
    const result = await polling;

    expect(result.Messages?.[0]?.Body).toBe('arrived');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('rejects a wait longer than 20 seconds', async () => {
    const url = await createQueue('impatient');

    await expect(receive(url, { WaitTimeSeconds: 21 })).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('returns the requested system attributes and filters message attributes', async () => {
    const url = await createQueue('attrs');
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'body',
        MessageAttributes: {
          'trace.id': { DataType: 'String', StringValue: 'abc' },
          size: { DataType: 'Number', StringValue: '42' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
        },
      }),
    );

    const result = await receive(url, {
      MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateFirstReceiveTimestamp'],
      MessageAttributeNames: ['trace.*', 'blob'],
    });

    const message = result.Messages?.[0];
    expect(Object.keys(message?.Attributes ?? {}).sort()).toEqual([
      'ApproximateFirstReceiveTimestamp',
      'SentTimestamp',
    ]);
    // Both are epoch milliseconds on the emulator's clock, taken moments apart.
    const sent = Number(message?.Attributes?.SentTimestamp);
    const firstReceived = Number(message?.Attributes?.ApproximateFirstReceiveTimestamp);
    expect(firstReceived - sent).toBeGreaterThanOrEqual(0);
    expect(firstReceived - sent).toBeLessThan(5_000);
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual(['blob', 'trace.id']);
    expect(Buffer.from(message?.MessageAttributes?.blob?.BinaryValue ?? [])).toEqual(
      Buffer.from([1, 2, 3]),
    );
  });

  it('moves a message to the dead-letter queue once it exceeds maxReceiveCount', async () => {
    await createQueue('dlq');
    const url = await createQueue('source', {
      VisibilityTimeout: '10',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: sqsService().queueArn('dlq'),
        maxReceiveCount: 2,
      }),
    });
    await sqs().send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'poison',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'bad' } },
      }),
    );

    const receipts: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      receipts.push((await receive(url)).Messages?.length ?? 0);
      cloud().advanceClock(10_000);
    }

    expect(receipts).toEqual([1, 1, 0]);
    expect(sqsService().messagesIn('source')).toEqual([]);
    expect(sqsService().messagesIn('dlq')).toEqual([
      expect.objectContaining({
        body: 'poison',
        attributes: { kind: { DataType: 'String', StringValue: 'bad' } },
        state: 'visible',
      }),
    ]);
  });

  it('drops messages older than the retention period', async () => {
    const url = await createQueue('brief', { MessageRetentionPeriod: '60' });
    await send(url, 'old');

    cloud().advanceClock(60_000);
    const result = await receive(url);

    expect(result.Messages).toBeUndefined();
  });
});

describe('SQS DeleteMessage and ChangeMessageVisibility', () => {
  it('deletes a received message and rejects a malformed receipt handle', async () => {
    const url = await createQueue('done');
    await send(url, 'task');
    const handle = (await receive(url)).Messages?.[0]?.ReceiptHandle;

    await sqs().send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));
    const malformed = sqs().send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'garbage' }),
    );

    expect(sqsService().messagesIn('done')).toEqual([]);
    await expect(malformed).rejects.toMatchObject({
      name: 'ReceiptHandleIsInvalid',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('deletes in batches, reporting malformed handles per entry', async () => {
    const url = await createQueue('bulk');
    await send(url, 'a');
    const handle = (await receive(url)).Messages?.[0]?.ReceiptHandle;

    const result = await sqs().send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'good', ReceiptHandle: handle },
          { Id: 'bad', ReceiptHandle: 'garbage' },
        ],
      }),
    );

    expect(result.Successful).toEqual([{ Id: 'good' }]);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', Code: 'ReceiptHandleIsInvalid' }),
    ]);
  });

  it('makes an in-flight message visible again and refuses one not in flight', async () => {
    const url = await createQueue('retry');
    await send(url, 'task');
    const handle = (await receive(url)).Messages?.[0]?.ReceiptHandle;

    await sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: handle,
        VisibilityTimeout: 0,
      }),
    );
    const visibleAgain = sqsService().messagesIn('retry')[0]?.state;
    const notInFlight = sqs().send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: handle,
        VisibilityTimeout: 30,
      }),
    );

    expect(visibleAgain).toBe('visible');
    await expect(notInFlight).rejects.toMatchObject({ name: 'MessageNotInflight' });
  });

  it('changes visibility in batches', async () => {
    const url = await createQueue('retry-batch');
    await send(url, 'task');
    const handle = (await receive(url)).Messages?.[0]?.ReceiptHandle;

    const result = await sqs().send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'extend', ReceiptHandle: handle, VisibilityTimeout: 300 },
          { Id: 'too-long', ReceiptHandle: handle, VisibilityTimeout: 43_201 },
        ],
      }),
    );
    cloud().advanceClock(60_000);

    expect(result.Successful).toEqual([{ Id: 'extend' }]);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'too-long', Code: 'InvalidParameterValue' }),
    ]);
    expect(sqsService().messagesIn('retry-batch')[0]?.state).toBe('in-flight');
  });
});

describe('SQS bus delivery', () => {
  it('lets other services enqueue by ARN and refuses an unknown queue', async () => {
    const url = await createQueue('events');

    const { sendToQueue } = sqsService();
    sendToQueue(sqsService().queueArn('events'), '{"hello":"world"}', {
      source: { DataType: 'String', StringValue: 'test' },
    });
    const result = await receive(url, { MessageAttributeNames: ['All'] });

    expect(result.Messages?.[0]?.Body).toBe('{"hello":"world"}');
    expect(result.Messages?.[0]?.MessageAttributes).toEqual({
      source: { DataType: 'String', StringValue: 'test' },
    });
    const refused = captureError(() => sendToQueue(sqsService().queueArn('absent'), 'x'));
    expect(refused).toMatchObject({ code: 'com.amazonaws.sqs#QueueDoesNotExist' });
  });
});

function captureError(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

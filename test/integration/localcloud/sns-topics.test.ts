import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListTopicsCommand,
  PublishBatchCommand,
  PublishCommand,
  SetTopicAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const client = () => new SNSClient(cloud().clientConfig);
const sns = () => cloud().services.sns;

async function createTopic(name = 'alerts'): Promise<string> {
  const { TopicArn } = await client().send(new CreateTopicCommand({ Name: name }));
  return TopicArn!;
}

describe('localcloud SNS: topics', () => {
  it('creates a topic idempotently and reports its attributes', async () => {
    const created = await client().send(
      new CreateTopicCommand({
        Name: 'alerts',
        Attributes: { DisplayName: 'Lake alerts', KmsMasterKeyId: 'alias/alerts' },
        Tags: [{ Key: 'team', Value: 'data' }],
      }),
    );
    const again = await client().send(
      new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Lake alerts' } }),
    );

    const { Attributes } = await client().send(
      new GetTopicAttributesCommand({ TopicArn: created.TopicArn }),
    );

    expect(created.TopicArn).toBe('arn:aws:sns:us-east-1:000000000000:alerts');
    expect(again.TopicArn).toBe(created.TopicArn);
    expect(Attributes).toMatchObject({
      TopicArn: created.TopicArn,
      Owner: '000000000000',
      DisplayName: 'Lake alerts',
      KmsMasterKeyId: 'alias/alerts',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    });
    expect(JSON.parse(Attributes!.Policy!)).toMatchObject({ Id: '__default_policy_ID' });
  });

  it('refuses to re-create a topic with different attributes or tags', async () => {
    await client().send(
      new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'one' } }),
    );

    await expect(
      client().send(new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'two' } })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message:
        'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client().send(new CreateTopicCommand({ Name: 'alerts', Tags: [{ Key: 'a', Value: 'b' }] })),
    ).rejects.toMatchObject({
      message: 'Invalid parameter: Tags Reason: Topic already exists with different tags',
    });
  });

  it('rejects invalid topic names and unknown attributes', async () => {
    await expect(client().send(new CreateTopicCommand({ Name: 'bad name' }))).rejects.toMatchObject(
      { name: 'InvalidParameterException', message: 'Invalid parameter: Topic Name' },
    );
    await expect(
      client().send(new CreateTopicCommand({ Name: 'x'.repeat(257) })),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      client().send(new CreateTopicCommand({ Name: 'ok', Attributes: { Colour: 'blue' } })),
    ).rejects.toMatchObject({ message: 'Invalid parameter: AttributeName' });
  });

  it('sets attributes and rejects unknown ones', async () => {
    const topicArn = await createTopic();

    await client().send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: 'DisplayName',
        AttributeValue: 'Renamed',
      }),
    );

    const { Attributes } = await client().send(
      new GetTopicAttributesCommand({ TopicArn: topicArn }),
    );
    expect(Attributes?.DisplayName).toBe('Renamed');
    await expect(
      client().send(
        new SetTopicAttributesCommand({
          TopicArn: topicArn,
          AttributeName: 'FifoTopic',
          AttributeValue: 'true',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: AttributeName',
    });
  });

  it('pages ListTopics 100 at a time', async () => {
    for (let index = 0; index < 105; index += 1) await createTopic(`topic-${index}`);

    const first = await client().send(new ListTopicsCommand({}));
    const second = await client().send(new ListTopicsCommand({ NextToken: first.NextToken }));

    expect(first.Topics).toHaveLength(100);
    expect(second.Topics).toHaveLength(5);
    expect(second.NextToken).toBeUndefined();
  });

  it('deletes a topic; deleting it again succeeds and reading it is NotFound', async () => {
    const topicArn = await createTopic();

    await client().send(new DeleteTopicCommand({ TopicArn: topicArn }));
    await client().send(new DeleteTopicCommand({ TopicArn: topicArn }));

    await expect(
      client().send(new GetTopicAttributesCommand({ TopicArn: topicArn })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('localcloud SNS: Publish', () => {
  it('returns a MessageId and records the message for programmatic reading', async () => {
    const topicArn = await createTopic();

    const { MessageId } = await client().send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Ingestion lag',
        Message: 'web_logs is 20 minutes behind',
        MessageAttributes: {
          severity: { DataType: 'String', StringValue: 'high' },
          lagMinutes: { DataType: 'Number', StringValue: '20' },
          zones: { DataType: 'String.Array', StringValue: '["raw","curated"]' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]) },
        },
      }),
    );

    expect(MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sns().published(topicArn)).toEqual([
      {
        messageId: MessageId,
        topicArn,
        subject: 'Ingestion lag',
        message: 'web_logs is 20 minutes behind',
        messageAttributes: {
          severity: { DataType: 'String', StringValue: 'high' },
          lagMinutes: { DataType: 'Number', StringValue: '20' },
          zones: { DataType: 'String.Array', StringValue: '["raw","curated"]' },
          blob: { DataType: 'Binary', BinaryValue: 'AQI=' },
        },
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    ]);
    expect(sns().published('arn:aws:sns:us-east-1:000000000000:other')).toEqual([]);
  });

  it('accepts TargetArn for a topic', async () => {
    const topicArn = await createTopic();

    await client().send(new PublishCommand({ TargetArn: topicArn, Message: 'via target' }));

    expect(
      sns()
        .published(topicArn)
        .map((message) => message.message),
    ).toEqual(['via target']);
  });

  it('answers a missing topic with NotFound', async () => {
    await expect(
      client().send(
        new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:nope', Message: 'x' }),
      ),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it.each([
    ['too long', 'x'.repeat(100)],
    ['with a line break', 'line\nbreak'],
    ['non-ASCII', 'café'],
    ['empty', ''],
  ])('rejects a Subject that is %s', async (_case, subject) => {
    const topicArn = await createTopic();

    await expect(
      client().send(new PublishCommand({ TopicArn: topicArn, Message: 'm', Subject: subject })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Subject',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('accepts a 99-character subject', async () => {
    const topicArn = await createTopic();

    await client().send(
      new PublishCommand({ TopicArn: topicArn, Message: 'm', Subject: 's'.repeat(99) }),
    );

    expect(sns().published(topicArn)[0]?.subject).toHaveLength(99);
  });

  it('rejects an empty message and one over 256 KB counting attributes', async () => {
    const topicArn = await createTopic();

    await expect(
      client().send(new PublishCommand({ TopicArn: topicArn, Message: '' })),
    ).rejects.toMatchObject({ message: 'Invalid parameter: Empty message' });
    await expect(
      client().send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: 'x'.repeat(262_144 - 10),
          MessageAttributes: { attribute: { DataType: 'String', StringValue: 'sixteen-bytes!!' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Message too long',
    });
    await client().send(new PublishCommand({ TopicArn: topicArn, Message: 'x'.repeat(262_144) }));
    expect(sns().published(topicArn)).toHaveLength(1);
  });

  it.each([
    [
      { DataType: 'Strin', StringValue: 'x' },
      "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    ],
    [
      { DataType: 'Number', StringValue: 'ten' },
      "Could not cast message attribute 'a' value to number.",
    ],
    [
      { DataType: 'String', StringValue: '' },
      "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'.",
    ],
    [
      { DataType: 'Binary', StringValue: 'x' },
      "The message attribute 'a' with type 'Binary' must use field 'Binary'.",
    ],
  ])('rejects message attribute %j', async (value, message) => {
    const topicArn = await createTopic();

    await expect(
      client().send(
        new PublishCommand({ TopicArn: topicArn, Message: 'm', MessageAttributes: { a: value } }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException', message });
  });

  it('rejects a String.Array that is not a JSON array and a badly named attribute', async () => {
    const topicArn = await createTopic();

    await expect(
      client().send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: 'm',
          MessageAttributes: { a: { DataType: 'String.Array', StringValue: 'not-json' } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    await expect(
      client().send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: 'm',
          MessageAttributes: { 'a..b': { DataType: 'String', StringValue: 'x' } },
        }),
      ),
    ).rejects.toMatchObject({
      message: "Message attribute name can not have successive '.' character.",
    });
  });
});

describe('localcloud SNS: PublishBatch', () => {
  it('reports each entry as Successful or Failed', async () => {
    const topicArn = await createTopic();

    const result = await client().send(
      new PublishBatchCommand({
        TopicArn: topicArn,
        PublishBatchRequestEntries: [
          { Id: 'ok-1', Message: 'first' },
          { Id: 'bad', Message: 'second', Subject: 'two\nlines' },
          { Id: 'ok-2', Message: 'third' },
        ],
      }),
    );

    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['ok-1', 'ok-2']);
    expect(result.Failed).toEqual([
      {
        Id: 'bad',
        Code: 'InvalidParameter',
        Message: 'Invalid parameter: Subject',
        SenderFault: true,
      },
    ]);
    expect(
      sns()
        .published(topicArn)
        .map((message) => message.message),
    ).toEqual(['first', 'third']);
  });

  it('rejects more than 10 entries and duplicate ids', async () => {
    const topicArn = await createTopic();
    const entries = Array.from({ length: 11 }, (_, index) => ({ Id: `e${index}`, Message: 'm' }));

    await expect(
      client().send(
        new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries }),
      ),
    ).rejects.toMatchObject({
      name: 'TooManyEntriesInBatchRequestException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      client().send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [
            { Id: 'same', Message: 'a' },
            { Id: 'same', Message: 'b' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'BatchEntryIdsNotDistinctException' });
    await expect(
      client().send(
        new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: [] }),
      ),
    ).rejects.toMatchObject({ name: 'EmptyBatchRequestException' });
  });
});

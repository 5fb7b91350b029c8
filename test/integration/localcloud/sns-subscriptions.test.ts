import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify, X509Certificate } from 'node:crypto';
import {
  ConfirmSubscriptionCommand,
  CreateTopicCommand,
  DeleteTopicCommand,
  GetSubscriptionAttributesCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListSubscriptionsCommand,
  PublishCommand,
  SetSubscriptionAttributesCommand,
  SetTopicAttributesCommand,
  SNSClient,
  SubscribeCommand,
  UnsubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const client = () => new SNSClient(cloud().clientConfig);
const sqs = () => new SQSClient(cloud().clientConfig);
const sns = () => cloud().services.sns;

async function createTopic(name = 'alerts'): Promise<string> {
  const { TopicArn } = await client().send(new CreateTopicCommand({ Name: name }));
  return TopicArn!;
}

async function createQueue(name: string): Promise<{ url: string; arn: string }> {
  const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: name }));
  return { url: QueueUrl!, arn: `arn:aws:sqs:us-east-1:000000000000:${name}` };
}

async function receiveBodies(queueUrl: string) {
  const { Messages } = await sqs().send(
    new ReceiveMessageCommand({
      QueueUrl: queueUrl,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ['All'],
    }),
  );
  return Messages ?? [];
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A local HTTP endpoint that records what SNS POSTs to it and answers with `status()`. */
async function startEndpoint(status: () => number = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString() });
      response.writeHead(status()).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function signedString(message: Record<string, string>, fields: string[]): string {
  return fields
    .filter((field) => message[field] !== undefined)
    .map((field) => `${field}\n${message[field]}\n`)
    .join('');
}

describe('localcloud SNS: SQS subscriptions', () => {
  it('confirms at once and delivers the signed JSON envelope', async () => {
    const topicArn = await createTopic();
    const queue = await createQueue('alerts-queue');
    const { SubscriptionArn } = await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );

    const { MessageId } = await client().send(
      new PublishCommand({
        TopicArn: topicArn,
        Subject: 'Lag',
        Message: 'behind',
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'high' } },
      }),
    );

    const [delivered] = await receiveBodies(queue.url);
    const envelope = JSON.parse(delivered!.Body!) as Record<string, string>;
    expect(envelope).toMatchObject({
      Type: 'Notification',
      MessageId,
      TopicArn: topicArn,
      Subject: 'Lag',
      Message: 'behind',
      SignatureVersion: '1',
      SigningCertURL: `${cloud().endpoint}/_localcloud/sns/SimpleNotificationService.pem`,
      MessageAttributes: { severity: { Type: 'String', Value: 'high' } },
    });
    expect(envelope.UnsubscribeURL).toContain(encodeURIComponent(SubscriptionArn!));
    const certificate = new X509Certificate(await (await fetch(envelope.SigningCertURL!)).text());
    const fields = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
    expect(
      verify(
        'sha1',
        Buffer.from(signedString(envelope, fields)),
        certificate.publicKey,
        Buffer.from(envelope.Signature!, 'base64'),
      ),
    ).toBe(true);
    const { Attributes } = await client().send(
      new GetTopicAttributesCommand({ TopicArn: topicArn }),
    );
    expect(Attributes?.SubscriptionsConfirmed).toBe('1');
  });

  it('signs with SHA256 when the topic uses SignatureVersion 2', async () => {
    const topicArn = await createTopic();
    await client().send(
      new SetTopicAttributesCommand({
        TopicArn: topicArn,
        AttributeName: 'SignatureVersion',
        AttributeValue: '2',
      }),
    );
    const queue = await createQueue('v2');
    await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );

    await client().send(new PublishCommand({ TopicArn: topicArn, Message: 'hello' }));

    const [delivered] = await receiveBodies(queue.url);
    const envelope = JSON.parse(delivered!.Body!) as Record<string, string>;
    const certificate = new X509Certificate(sns().signingCertificate());
    const fields = ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type'];
    expect(envelope.SignatureVersion).toBe('2');
    expect(
      verify(
        'sha256',
        Buffer.from(signedString(envelope, fields)),
        certificate.publicKey,
        Buffer.from(envelope.Signature!, 'base64'),
      ),
    ).toBe(true);
  });

  it('delivers the raw message and its attributes with RawMessageDelivery', async () => {
    const topicArn = await createTopic();
    const queue = await createQueue('raw');
    await client().send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queue.arn,
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );

    await client().send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: '{"dataset":"web_logs"}',
        MessageAttributes: { lag: { DataType: 'Number', StringValue: '20' } },
      }),
    );

    const [delivered] = await receiveBodies(queue.url);
    expect(delivered?.Body).toBe('{"dataset":"web_logs"}');
    expect(delivered?.MessageAttributes).toEqual({
      lag: { DataType: 'Number', StringValue: '20' },
    });
  });

  it('applies a MessageAttributes filter policy per subscription', async () => {
    const topicArn = await createTopic();
    const high = await createQueue('high');
    const all = await createQueue('all');
    await client().send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: high.arn,
        Attributes: {
          FilterPolicy: JSON.stringify({ severity: ['high'], lag: [{ numeric: ['>=', 10] }] }),
        },
      }),
    );
    await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: all.arn }),
    );

    for (const [severity, lag] of [
      ['high', '30'],
      ['low', '30'],
      ['high', '5'],
    ] as const) {
      await client().send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: `${severity}-${lag}`,
          MessageAttributes: {
            severity: { DataType: 'String', StringValue: severity },
            lag: { DataType: 'Number', StringValue: lag },
          },
        }),
      );
    }

    const highMessages = (await receiveBodies(high.url)).map(
      (m) => (JSON.parse(m.Body!) as { Message: string }).Message,
    );
    expect(highMessages).toEqual(['high-30']);
    expect(await receiveBodies(all.url)).toHaveLength(3);
  });

  it('applies a MessageBody filter policy when FilterPolicyScope says so', async () => {
    const topicArn = await createTopic();
    const queue = await createQueue('body');
    const { SubscriptionArn } = await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );
    await client().send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'FilterPolicyScope',
        AttributeValue: 'MessageBody',
      }),
    );
    await client().send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn,
        AttributeName: 'FilterPolicy',
        AttributeValue: JSON.stringify({ detail: { zone: [{ prefix: 'cur' }] } }),
      }),
    );

    await client().send(
      new PublishCommand({ TopicArn: topicArn, Message: '{"detail":{"zone":"raw"}}' }),
    );
    await client().send(
      new PublishCommand({ TopicArn: topicArn, Message: '{"detail":{"zone":"curated"}}' }),
    );

    const bodies = (await receiveBodies(queue.url)).map(
      (m) => (JSON.parse(m.Body!) as { Message: string }).Message,
    );
    expect(bodies).toEqual(['{"detail":{"zone":"curated"}}']);
  });

  it('counts a delivery to a missing queue as failed', async () => {
    const topicArn = await createTopic();
    await client().send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: 'arn:aws:sqs:us-east-1:000000000000:gone',
      }),
    );

    await client().send(new PublishCommand({ TopicArn: topicArn, Message: 'lost?' }));

    expect(sns().deliveryFailures()).toMatchObject([
      { protocol: 'sqs', status: 'failed', attempts: 1 },
    ]);
  });
});

describe('localcloud SNS: HTTP subscriptions', () => {
  it('sends a SubscriptionConfirmation, confirms with the token, then POSTs notifications', async () => {
    const endpoint = await startEndpoint();
    try {
      const topicArn = await createTopic();

      const subscribed = await client().send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint.url }),
      );
      await sns().settled();

      expect(subscribed.SubscriptionArn).toBe('pending confirmation');
      const confirmation = JSON.parse(endpoint.received[0]!.body) as Record<string, string>;
      expect(endpoint.received[0]!.headers['x-amz-sns-message-type']).toBe(
        'SubscriptionConfirmation',
      );
      expect(confirmation).toMatchObject({ Type: 'SubscriptionConfirmation', TopicArn: topicArn });
      expect(confirmation.SubscribeURL).toContain(`Token=${confirmation.Token}`);
      const confirmed = await client().send(
        new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: confirmation.Token }),
      );

      const { MessageId } = await client().send(
        new PublishCommand({ TopicArn: topicArn, Message: 'hello' }),
      );
      await sns().settled();

      const notification = endpoint.received[1]!;
      expect(notification.headers).toMatchObject({
        'x-amz-sns-message-type': 'Notification',
        'x-amz-sns-message-id': MessageId,
        'x-amz-sns-topic-arn': topicArn,
        'x-amz-sns-subscription-arn': confirmed.SubscriptionArn,
        'content-type': 'text/plain; charset=UTF-8',
      });
      expect(JSON.parse(notification.body)).toMatchObject({
        Type: 'Notification',
        Message: 'hello',
      });
    } finally {
      await endpoint.close();
    }
  });

  it('confirms through the unsigned SubscribeURL, as a browser or webhook would', async () => {
    const endpoint = await startEndpoint();
    try {
      const topicArn = await createTopic();
      const { SubscriptionArn } = await client().send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'http',
          Endpoint: endpoint.url,
          ReturnSubscriptionArn: true,
        }),
      );
      await sns().settled();
      const { SubscribeURL } = JSON.parse(endpoint.received[0]!.body) as { SubscribeURL: string };

      const response = await fetch(SubscribeURL);

      expect(response.status).toBe(200);
      expect(await response.text()).toContain(
        `<SubscriptionArn>${SubscriptionArn}</SubscriptionArn>`,
      );
      const { Attributes } = await client().send(
        new GetSubscriptionAttributesCommand({ SubscriptionArn }),
      );
      expect(Attributes?.PendingConfirmation).toBe('false');
    } finally {
      await endpoint.close();
    }
  });

  it('retries a failing endpoint, then counts the failure', async () => {
    const endpoint = await startEndpoint(() => (endpoint.received.length === 1 ? 200 : 500));
    try {
      const topicArn = await createTopic();
      await client().send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'http', Endpoint: endpoint.url }),
      );
      await sns().settled();
      const { Token } = JSON.parse(endpoint.received[0]!.body) as { Token: string };
      await client().send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token }));

      await client().send(new PublishCommand({ TopicArn: topicArn, Message: 'down' }));
      await sns().settled();

      expect(endpoint.received).toHaveLength(1 + 4);
      expect(sns().deliveryFailures()).toMatchObject([
        {
          protocol: 'http',
          type: 'Notification',
          status: 'failed',
          attempts: 4,
          lastError: 'HTTP 500',
        },
      ]);
    } finally {
      await endpoint.close();
    }
  });

  it('rejects an invalid token and an endpoint that does not match the protocol', async () => {
    const topicArn = await createTopic();

    await expect(
      client().send(new ConfirmSubscriptionCommand({ TopicArn: topicArn, Token: 'nope' })),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Token',
    });
    await expect(
      client().send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'https', Endpoint: 'http://x' }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Endpoint must match the specified protocol',
    });
  });
});

describe('localcloud SNS: e-mail subscriptions and subscription management', () => {
  it('keeps e-mail pending and records what would have been mailed', async () => {
    const topicArn = await createTopic();
    const { SubscriptionArn } = await client().send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
        ReturnSubscriptionArn: true,
      }),
    );

    await client().send(new PublishCommand({ TopicArn: topicArn, Message: 'disk full' }));

    const { Attributes } = await client().send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn }),
    );
    expect(Attributes).toMatchObject({
      PendingConfirmation: 'true',
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
    expect(sns().deliveries(SubscriptionArn)).toMatchObject([
      { status: 'recorded', body: 'disk full' },
    ]);
    const listed = await client().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }));
    expect(listed.Subscriptions).toEqual([
      {
        SubscriptionArn: 'PendingConfirmation',
        Owner: '000000000000',
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
        TopicArn: topicArn,
      },
    ]);
    const topic = await client().send(new GetTopicAttributesCommand({ TopicArn: topicArn }));
    expect(topic.Attributes?.SubscriptionsPending).toBe('1');
  });

  it('is idempotent per endpoint, and refuses the same endpoint with other attributes', async () => {
    const topicArn = await createTopic();
    const queue = await createQueue('q');
    const first = await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );

    const second = await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );

    expect(second.SubscriptionArn).toBe(first.SubscriptionArn);
    await expect(
      client().send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queue.arn,
          Attributes: { RawMessageDelivery: 'true' },
        }),
      ),
    ).rejects.toMatchObject({
      message:
        'Invalid parameter: Attributes Reason: Subscription already exists with different attributes',
    });
  });

  it('validates protocol, filter policy and attribute names', async () => {
    const topicArn = await createTopic();
    const queue = await createQueue('q');

    await expect(
      client().send(
        new SubscribeCommand({ TopicArn: topicArn, Protocol: 'carrier-pigeon', Endpoint: 'x' }),
      ),
    ).rejects.toMatchObject({
      message:
        'Invalid parameter: Amazon SNS does not support this protocol string: carrier-pigeon',
    });
    await expect(
      client().send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: queue.arn,
          Attributes: { FilterPolicy: '{oops' },
        }),
      ),
    ).rejects.toMatchObject({
      message: 'Invalid parameter: Attributes Reason: FilterPolicy: failed to parse JSON.',
    });
    const { SubscriptionArn } = await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );
    await expect(
      client().send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn,
          AttributeName: 'Colour',
          AttributeValue: 'x',
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: AttributeName',
    });
    await expect(
      client().send(
        new SetSubscriptionAttributesCommand({
          SubscriptionArn,
          AttributeName: 'FilterPolicy',
          AttributeValue: '{"a":{"b":["c"]}}',
        }),
      ),
    ).rejects.toMatchObject({
      message:
        'Invalid parameter: FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy',
    });
  });

  it('lists, unsubscribes, and answers a missing subscription with NotFound', async () => {
    const topicArn = await createTopic();
    const queue = await createQueue('q');
    const { SubscriptionArn } = await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );
    const before = await client().send(new ListSubscriptionsCommand({}));

    await client().send(new UnsubscribeCommand({ SubscriptionArn }));
    await client().send(new UnsubscribeCommand({ SubscriptionArn }));

    expect(before.Subscriptions?.map((sub) => sub.SubscriptionArn)).toEqual([SubscriptionArn]);
    const after = await client().send(new ListSubscriptionsCommand({}));
    expect(after.Subscriptions).toEqual([]);
    await expect(
      client().send(new GetSubscriptionAttributesCommand({ SubscriptionArn })),
    ).rejects.toMatchObject({
      name: 'NotFoundException',
      message: 'Subscription does not exist',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('deleting a topic removes its subscriptions; listing by a missing topic is NotFound', async () => {
    const topicArn = await createTopic();
    const queue = await createQueue('q');
    await client().send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: queue.arn }),
    );

    await client().send(new DeleteTopicCommand({ TopicArn: topicArn }));

    expect((await client().send(new ListSubscriptionsCommand({}))).Subscriptions).toEqual([]);
    await expect(
      client().send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn })),
    ).rejects.toMatchObject({ name: 'NotFoundException' });
  });

  it('survives a snapshot and restore', async () => {
    const topicArn = await createTopic();
    await client().send(new PublishCommand({ TopicArn: topicArn, Message: 'kept' }));
    const state: unknown = JSON.parse(JSON.stringify(sns().snapshot!()));

    sns().reset();
    sns().restore!(state);

    expect(
      sns()
        .published(topicArn)
        .map((message) => message.message),
    ).toEqual(['kept']);
    const { Attributes } = await client().send(
      new GetTopicAttributesCommand({ TopicArn: topicArn }),
    );
    expect(Attributes?.TopicArn).toBe(topicArn);
  });
});

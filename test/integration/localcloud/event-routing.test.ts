import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { EventBridgeClient, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { useLocalCloud } from '../../fixtures/localcloud';

// The deployed platform's path: S3 object events → EventBridge rule (prefix on the key) → SQS.
const cloud = useLocalCloud();
const BUCKET = 'hybrid-lake-dev-raw';

async function routeKeysWithPrefix(prefix: string): Promise<string> {
  const s3 = new S3Client(cloud().clientConfig);
  const sqs = new SQSClient(cloud().clientConfig);
  const events = new EventBridgeClient(cloud().clientConfig);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(
    new PutBucketVersioningCommand({
      Bucket: BUCKET,
      VersioningConfiguration: { Status: 'Enabled' },
    }),
  );
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: BUCKET,
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    }),
  );
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'transfer' }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await events.send(
    new PutRuleCommand({
      Name: 'raw-objects',
      EventPattern: JSON.stringify({
        source: ['aws.s3'],
        'detail-type': ['Object Created', 'Object Deleted'],
        detail: { bucket: { name: [BUCKET] }, object: { key: [{ prefix }] } },
      }),
    }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: 'raw-objects',
      Targets: [{ Id: 'queue', Arn: Attributes!.QueueArn }],
    }),
  );
  return QueueUrl!;
}

/** The parts of S3's EventBridge event these tests read. */
interface S3ObjectEvent {
  readonly 'detail-type': string;
  readonly detail: {
    readonly object: { readonly sequencer: string };
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

async function receiveEvents(queueUrl: string): Promise<S3ObjectEvent[]> {
  const { Messages } = await new SQSClient(cloud().clientConfig).send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return (Messages ?? []).map((message) => JSON.parse(message.Body!) as S3ObjectEvent);
}

describe('S3 → EventBridge → SQS', () => {
  it('delivers an Object Created event in S3’s shape for keys under the prefix only', async () => {
    const queueUrl = await routeKeysWithPrefix('access_events/');
    const s3 = new S3Client(cloud().clientConfig);

    const put = await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'access_events/year=2026/part 0+1.json',
        Body: '{"a":1}',
      }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'web_logs/year=2026/part-0.json', Body: '{}' }),
    );
    const received = await receiveEvents(queueUrl);

    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      version: '0',
      'detail-type': 'Object Created',
      source: 'aws.s3',
      account: cloud().accountId,
      region: cloud().region,
      resources: [`arn:aws:s3:::${BUCKET}`],
      detail: {
        version: '0',
        bucket: { name: BUCKET },
        object: {
          key: 'access_events/year%3D2026/part+0%2B1.json',
          size: 7,
          etag: put.ETag!.replace(/"/g, ''),
          'version-id': put.VersionId,
          sequencer: expect.stringMatching(/^[0-9A-F]{18}$/),
        },
        reason: 'PutObject',
      },
    });
  });

  it('orders events of one key by sequencer and reports deletes with their type', async () => {
    const queueUrl = await routeKeysWithPrefix('customers/');
    const s3 = new S3Client(cloud().clientConfig);

    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'customers/day=21/part-0.json', Body: 'v1' }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'customers/day=21/part-0.json', Body: 'v2' }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'customers/day=21/part-0.json' }));
    const received = await receiveEvents(queueUrl);

    const sequencers = received.map((event) => event.detail.object.sequencer);
    expect(received.map((event) => event['detail-type'])).toEqual([
      'Object Created',
      'Object Created',
      'Object Deleted',
    ]);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(3);
    expect(received[2]?.detail).toMatchObject({
      'deletion-type': 'Delete Marker Created',
      reason: 'DeleteObject',
    });
  });

  it('sends nothing for a bucket without EventBridge notifications', async () => {
    const queueUrl = await routeKeysWithPrefix('access_events/');
    const s3 = new S3Client(cloud().clientConfig);
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: BUCKET,
        NotificationConfiguration: {},
      }),
    );

    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'access_events/x.json', Body: '{}' }),
    );

    expect(await receiveEvents(queueUrl)).toEqual([]);
  });
});

/**
 * The AWS CLI against localcloud's SQS, SNS and Redshift Data API. Resources are arranged with
 * the SDK (each CLI start costs about a second); what the CLI sends and reads is what is tested.
 */
import {
  DescribeStatementCommand,
  RedshiftDataClient,
  type DescribeStatementCommandOutput,
} from '@aws-sdk/client-redshift-data';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { useCliTools } from '../../../fixtures/cli-tools';
import { useLocalCloud } from '../../../fixtures/localcloud';

const cloud = useLocalCloud();
const tools = useCliTools(cloud, ['aws']);
const sqs = () => new SQSClient(cloud().clientConfig);

async function createQueue(name: string): Promise<string> {
  const { QueueUrl } = await sqs().send(new CreateQueueCommand({ QueueName: name }));
  return QueueUrl!;
}

describe('aws sqs', () => {
  it('sends, receives and deletes a message', async () => {
    const queueUrl = await createQueue('cli-queue');

    const sent = await tools().awsJson<{ MessageId: string }>([
      'sqs',
      'send-message',
      '--queue-url',
      queueUrl,
      '--message-body',
      'hello + world & 100%',
    ]);
    const received = await tools().awsJson<{
      Messages: { MessageId: string; Body: string; ReceiptHandle: string }[];
    }>(['sqs', 'receive-message', '--queue-url', queueUrl, '--visibility-timeout', '0']);
    const [message] = received.Messages;
    await tools().aws([
      'sqs',
      'delete-message',
      '--queue-url',
      queueUrl,
      '--receipt-handle',
      message!.ReceiptHandle,
    ]);

    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: 'hello + world & 100%' });
    expect(cloud().services.sqs.messagesIn('cli-queue')).toEqual([]);
  });
});

describe('aws sns', () => {
  it('publishes a message with spaces and plus signs, delivered unchanged to an SQS subscription', async () => {
    const sns = new SNSClient(cloud().clientConfig);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'cli-topic' }));
    const queueUrl = await createQueue('cli-subscriber');
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: cloud().services.sqs.queueArn('cli-subscriber'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );

    await tools().aws([
      'sns',
      'publish',
      '--topic-arn',
      TopicArn!,
      '--message',
      'a b + c=d&e 100%',
      '--subject',
      'two words',
    ]);
    const { Messages } = await sqs().send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));

    expect(Messages?.map((message) => message.Body)).toEqual(['a b + c=d&e 100%']);
  });
});

describe('aws redshift-data', () => {
  const workgroup = 'cli-workgroup';

  async function finished(id: string): Promise<DescribeStatementCommandOutput> {
    const client = new RedshiftDataClient(cloud().clientConfig);
    for (;;) {
      const described = await client.send(new DescribeStatementCommand({ Id: id }));
      if (['FINISHED', 'FAILED', 'ABORTED'].includes(described.Status ?? '')) return described;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('executes a statement, describes it and returns its typed result', async () => {
    cloud().services.redshiftData.createWorkgroup(workgroup);

    const { Id } = await tools().awsJson<{ Id: string }>([
      'redshift-data',
      'execute-statement',
      '--workgroup-name',
      workgroup,
      '--database',
      'dev',
      '--sql',
      "SELECT 1 AS one, 'a b' AS words",
    ]);
    await finished(Id);
    const described = await tools().awsJson<{ Status: string; ResultRows: number }>([
      'redshift-data',
      'describe-statement',
      '--id',
      Id,
    ]);
    const result = await tools().awsJson<{ Records: unknown[][]; TotalNumRows: number }>([
      'redshift-data',
      'get-statement-result',
      '--id',
      Id,
    ]);

    expect(described).toMatchObject({ Status: 'FINISHED', ResultRows: 1 });
    expect(result).toMatchObject({
      Records: [[{ longValue: 1 }, { stringValue: 'a b' }]],
      TotalNumRows: 1,
    });
  });

  it('trains a KMEANS model with CREATE MODEL, shows it, and predicts with its function', async () => {
    cloud().services.redshiftData.createWorkgroup(workgroup);
    const execute = async (sql: string) => {
      const { Id } = await tools().awsJson<{ Id: string }>([
        'redshift-data',
        'execute-statement',
        '--workgroup-name',
        workgroup,
        '--database',
        'dev',
        '--sql',
        sql,
      ]);
      const described = await finished(Id);
      expect(described.Error).toBeUndefined();
      return Id;
    };
    const records = async (id: string) =>
      (
        await tools().awsJson<{ Records: Record<string, unknown>[][] }>([
          'redshift-data',
          'get-statement-result',
          '--id',
          id,
        ])
      ).Records.map((record) => record.map((field) => Object.values(field)[0]));

    await execute('CREATE SCHEMA ml');
    await execute(
      'CREATE TABLE ml.points AS SELECT n, CASE WHEN n <= 50 THEN 0 ELSE 100 END + n % 3 AS x FROM generate_series(1, 100) AS n',
    );
    await execute(`CREATE MODEL ml.sides FROM (SELECT x, n FROM ml.points) FUNCTION side
      IAM_ROLE default AUTO OFF MODEL_TYPE KMEANS
      PREPROCESSORS '[{"ColumnSet": ["x"], "Transformers": ["StandardScaler"]}]'
      HYPERPARAMETERS DEFAULT EXCEPT (K '2') SETTINGS (S3_BUCKET 'ml-bucket')`);

    const shown = await records(await execute('SHOW MODEL ml.sides'));
    expect(shown).toContainEqual(['Model State', 'READY']);
    expect(shown).toContainEqual(['Function Parameters', 'x n']);
    const sides = await records(
      await execute(
        'SELECT n <= 50 AS low, COUNT(DISTINCT ml.side(x, n)) FROM ml.points GROUP BY 1 ORDER BY 1',
      ),
    );
    expect(sides).toEqual([
      [false, 1],
      [true, 1],
    ]);
  });

  it('is refused a workgroup that does not exist', async () => {
    const attempt = tools().aws([
      'redshift-data',
      'execute-statement',
      '--workgroup-name',
      'no-such-workgroup',
      '--database',
      'dev',
      '--sql',
      'SELECT 1',
    ]);

    await expect(attempt).rejects.toMatchObject({
      stderr: expect.stringContaining(
        "(ValidationException) when calling the ExecuteStatement operation: Redshift endpoint doesn't exist in this region.",
      ),
    });
  });
});

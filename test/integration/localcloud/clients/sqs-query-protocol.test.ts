/**
 * SQS over the AWS Query protocol (form bodies, XML answers), which AWS still accepts and older
 * SDKs and CLIs speak. curl signs the requests itself (`--aws-sigv4`), so neither the request
 * encoding nor the signature comes from code of this repository.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { useCliTools } from '../../../fixtures/cli-tools';
import { useLocalCloud } from '../../../fixtures/localcloud';

const cloud = useLocalCloud();
const tools = useCliTools(cloud, ['curl']);
const xml = new XMLParser({ parseTagValue: false });
const VERSION = '2012-11-05';

interface QueryAnswer {
  readonly status: number;
  readonly document: unknown;
}

/** POSTs `Action=…` as a form, signed for SQS, to the endpoint (or to `url`). */
async function query(
  parameters: Record<string, string>,
  url = cloud().endpoint + '/',
): Promise<QueryAnswer> {
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  const form = new URLSearchParams({ Version: VERSION, ...parameters }).toString();
  const { stdout } = await tools().curl([
    '--silent',
    '--show-error',
    '--aws-sigv4',
    `aws:amz:${cloud().region}:sqs`,
    '--user',
    `${accessKeyId}:${secretAccessKey}`,
    '--header',
    'Content-Type: application/x-www-form-urlencoded; charset=utf-8',
    '--data-binary',
    form,
    '--write-out',
    '\n%{http_code}',
    url,
  ]);
  const newline = stdout.lastIndexOf('\n');
  return {
    status: Number(stdout.slice(newline + 1)),
    document: xml.parse(stdout.slice(0, newline)) as unknown,
  };
}

/** The element at `path` in a parsed answer (`{}` where it is missing). */
function at(document: unknown, ...path: string[]): Record<string, unknown> {
  return path.reduce<Record<string, unknown>>(
    (node, name) => (node[name] ?? {}) as Record<string, unknown>,
    document as Record<string, unknown>,
  );
}

async function createQueue(name: string): Promise<string> {
  const { document } = await query({ Action: 'CreateQueue', QueueName: name });
  return String(at(document, 'CreateQueueResponse', 'CreateQueueResult').QueueUrl);
}

describe('SQS over the Query protocol', () => {
  it('sends with attributes, receives and deletes, answering each action in XML', async () => {
    const queueUrl = await createQueue('query-queue');
    const body = 'a b+c & 100% é';

    const sent = await query({
      Action: 'SendMessage',
      QueueUrl: queueUrl,
      MessageBody: body,
      'MessageAttribute.1.Name': 'origin',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'curl test',
    });
    const received = await query({
      Action: 'ReceiveMessage',
      QueueUrl: queueUrl,
      'AttributeName.1': 'All',
      'MessageAttributeName.1': 'All',
    });
    const message = at(
      received.document,
      'ReceiveMessageResponse',
      'ReceiveMessageResult',
      'Message',
    );
    const deleted = await query({
      Action: 'DeleteMessage',
      QueueUrl: queueUrl,
      ReceiptHandle: String(message.ReceiptHandle),
    });

    expect(sent.status).toBe(200);
    expect(at(sent.document, 'SendMessageResponse', 'SendMessageResult')).toMatchObject({
      MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
    });
    expect(message).toMatchObject({
      Body: body,
      MessageAttribute: { Name: 'origin', Value: { StringValue: 'curl test', DataType: 'String' } },
    });
    expect(message.Attribute).toEqual(
      expect.arrayContaining([{ Name: 'ApproximateReceiveCount', Value: '1' }]),
    );
    expect(deleted.status).toBe(200);
    expect(at(deleted.document, 'DeleteMessageResponse')).toEqual({
      ResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(cloud().services.sqs.messagesIn('query-queue')).toEqual([]);
  });

  it('answers a batch entry by entry: successes and BatchResultErrorEntry', async () => {
    const queueUrl = await createQueue('query-batch');

    const { document } = await query({
      Action: 'SendMessageBatch',
      QueueUrl: queueUrl,
      'SendMessageBatchRequestEntry.1.Id': 'fine',
      'SendMessageBatchRequestEntry.1.MessageBody': 'one',
      'SendMessageBatchRequestEntry.2.Id': 'late',
      'SendMessageBatchRequestEntry.2.MessageBody': 'two',
      'SendMessageBatchRequestEntry.2.DelaySeconds': '901',
    });

    expect(at(document, 'SendMessageBatchResponse', 'SendMessageBatchResult')).toMatchObject({
      SendMessageBatchResultEntry: { Id: 'fine' },
      BatchResultErrorEntry: { Id: 'late', SenderFault: 'true', Code: 'InvalidParameterValue' },
    });
  });

  it('answers errors in the Query format, with the legacy error code', async () => {
    const { status, document } = await query({ Action: 'GetQueueUrl', QueueName: 'missing' });

    expect(status).toBe(400);
    expect(at(document, 'ErrorResponse', 'Error')).toMatchObject({
      Type: 'Sender',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
    });
  });

  it('takes the queue from the URL a form is posted to, as older clients address it', async () => {
    const queueUrl = await createQueue('query-by-url');

    const { status } = await query({ Action: 'SendMessage', MessageBody: 'addressed' }, queueUrl);

    expect(status).toBe(200);
    expect(
      cloud()
        .services.sqs.messagesIn('query-by-url')
        .map((m) => m.body),
    ).toEqual(['addressed']);
  });
});

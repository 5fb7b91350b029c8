import type { Message } from '@aws-sdk/client-sqs';
import { SqsSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import {
  settleBatch,
  toSqsRecord,
} from '../../../../../scripts/local-platform/lambda-runtime/sqs-batch';

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:000000000000:hybrid-lake-dev-transfer';

function message(id: string, receiveCount = 1): Message {
  return {
    MessageId: id,
    ReceiptHandle: `handle-${id}`,
    Body: JSON.stringify({ id }),
    MD5OfBody: 'd41d8cd98f00b204e9800998ecf8427e',
    Attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1767225600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1767225601000',
    },
    MessageAttributes: { origin: { DataType: 'String', StringValue: 'rule' } },
    MD5OfMessageAttributes: '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
  };
}

const records = ['m-1', 'm-2', 'm-3'].map((id) => toSqsRecord(message(id), QUEUE_ARN));

describe('toSqsRecord', () => {
  it('shapes received messages as the records of a real SQSEvent', () => {
    const parsed = SqsSchema.parse({ Records: records });

    expect(parsed.Records[0]).toMatchObject({
      messageId: 'm-1',
      receiptHandle: 'handle-m-1',
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'eu-west-1',
      attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1767225600000' },
      messageAttributes: { origin: { dataType: 'String', stringValue: 'rule' } },
    });
  });

  it('refuses a message without a receipt handle, which could never be deleted', () => {
    expect(() => toSqsRecord({ MessageId: 'm', Body: 'x' }, QUEUE_ARN)).toThrow(TypeError);
  });
});

describe('settleBatch', () => {
  it('deletes every message of a batch that reports no failures', () => {
    const settlement = settleBatch(records, {
      kind: 'success',
      payload: { batchItemFailures: [] },
    });

    expect(settlement.outcome).toBe('success');
    expect(settlement.toDelete.map((record) => record.messageId)).toEqual(['m-1', 'm-2', 'm-3']);
    expect(settlement.messages.every((each) => !each.failed)).toBe(true);
  });

  it('treats a handler that returns nothing as a successful batch', () => {
    expect(settleBatch(records, { kind: 'success', payload: null }).toDelete).toHaveLength(3);
  });

  it('keeps only the reported items and deletes the rest', () => {
    const settlement = settleBatch(records, {
      kind: 'success',
      payload: { batchItemFailures: [{ itemIdentifier: 'm-2' }] },
    });

    expect(settlement.outcome).toBe('partial');
    expect(settlement.toDelete.map((record) => record.messageId)).toEqual(['m-1', 'm-3']);
    expect(settlement.messages).toEqual([
      { messageId: 'm-1', sentTimestamp: 1767225600000, receiveCount: 1, failed: false },
      { messageId: 'm-2', sentTimestamp: 1767225600000, receiveCount: 1, failed: true },
      { messageId: 'm-3', sentTimestamp: 1767225600000, receiveCount: 1, failed: false },
    ]);
  });

  it.each([
    ['an id not in the batch', { batchItemFailures: [{ itemIdentifier: 'elsewhere' }] }],
    ['an empty id', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a list of the wrong shape', { batchItemFailures: 'm-1' }],
  ])('fails the whole batch for a response with %s', (_, payload) => {
    const settlement = settleBatch(records, { kind: 'success', payload });

    expect(settlement.outcome).toBe('error');
    expect(settlement.error).toMatch(/^InvalidBatchResponse/);
    expect(settlement.toDelete).toEqual([]);
  });

  it('fails the whole batch on a thrown error or a timeout', () => {
    const thrown = settleBatch(records, {
      kind: 'error',
      error: { errorType: 'TransferError', errorMessage: 'boom' },
    });
    const timedOut = settleBatch(records, {
      kind: 'timeout',
      error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' },
    });

    expect([thrown.outcome, thrown.error]).toEqual(['error', 'TransferError: boom']);
    expect(timedOut.outcome).toBe('timeout');
    expect([...thrown.toDelete, ...timedOut.toDelete]).toEqual([]);
    expect(timedOut.messages.every((each) => each.failed)).toBe(true);
  });
});

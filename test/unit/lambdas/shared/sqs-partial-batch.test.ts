import type { Context, SQSRecord } from 'aws-lambda';
import {
  partialBatchHandler,
  replayFailures,
  type RecordAnswer,
} from '../../../../lambdas/shared/sqs-partial-batch';
import { sqsRecord } from '../../../fixtures/events/s3-events';
import { sqsEvent } from '../../../fixtures/sqs-records';

const CONTEXT = { awsRequestId: 'request-1' } as Context;

const records = (...ids: string[]): SQSRecord[] => ids.map((id) => sqsRecord({}, id));

/** Fails the records whose message id is listed, and remembers every record it was asked about. */
function failing(...ids: string[]): RecordAnswer & { asked: string[] } {
  const asked: string[] = [];
  return Object.assign(
    (record: SQSRecord) => {
      asked.push(record.messageId);
      return ids.includes(record.messageId)
        ? Promise.reject(new Error(`${record.messageId} failed`))
        : Promise.resolve();
    },
    { asked },
  );
}

describe('partialBatchHandler', () => {
  it('answers every record and lists exactly the failed ones, so SQS redelivers only those', async () => {
    const answer = failing('b', 'd');
    const handler = partialBatchHandler(() => answer);

    const response = await handler(sqsEvent(records('a', 'b', 'c', 'd')), CONTEXT);

    expect(answer.asked.sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['b', 'd']);
  });

  it('answers a batch that fully succeeded with no failures', async () => {
    const handler = partialBatchHandler(() => failing());

    expect(await handler(sqsEvent(records('a', 'b')), CONTEXT)).toEqual({ batchItemFailures: [] });
  });

  it('answers a batch where every record failed as a partial response, not by throwing', async () => {
    const handler = partialBatchHandler(() => failing('a', 'b'));

    const response = await handler(sqsEvent(records('a', 'b')), CONTEXT);

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'b']);
  });

  it('asks for the answers once per invocation, with its records, before any record is answered', async () => {
    const order: string[] = [];
    const handler = partialBatchHandler(async (batch) => {
      order.push(`batch of ${batch.map((r) => r.messageId).join(',')}`);
      await Promise.resolve();
      return (record) => {
        order.push(`record ${record.messageId}`);
        return Promise.resolve();
      };
    });

    await handler(sqsEvent(records('a', 'b')), CONTEXT);
    await handler(sqsEvent(records('c')), CONTEXT);

    expect(order).toEqual(['batch of a,b', 'record a', 'record b', 'batch of c', 'record c']);
  });

  it('keeps each invocation to its own answers', async () => {
    let invocation = 0;
    const handler = partialBatchHandler(() => (invocation++ === 0 ? failing('a') : failing()));

    const first = await handler(sqsEvent(records('a')), CONTEXT);
    const second = await handler(sqsEvent(records('a')), CONTEXT);

    expect(first.batchItemFailures).toEqual([{ itemIdentifier: 'a' }]);
    expect(second.batchItemFailures).toEqual([]);
  });

  it('runs afterBatch once per invocation, after the records are answered', async () => {
    const order: string[] = [];
    const handler = partialBatchHandler(
      () => (record) => {
        order.push(`record ${record.messageId}`);
        return Promise.reject(new Error('no'));
      },
      () => order.push('after'),
    );

    await handler(sqsEvent(records('a', 'b')), CONTEXT);

    expect(order).toEqual(['record a', 'record b', 'after']);
  });

  it('runs afterBatch when deciding the answers fails too, and fails the invocation with that error', async () => {
    let after = 0;
    const broken = new TypeError('cannot decide');
    const handler = partialBatchHandler(
      () => Promise.reject(broken),
      () => (after += 1),
    );

    await expect(handler(sqsEvent(records('a')), CONTEXT)).rejects.toBe(broken);
    expect(after).toBe(1);
  });
});

describe('replayFailures', () => {
  it('rejects a record with the error decided for it, and resolves every other record', async () => {
    const decided = new Error('partition refused');
    const answer = replayFailures(new Map([['b', decided]]));

    await expect(answer(sqsRecord({}, 'a'))).resolves.toBeUndefined();
    await expect(answer(sqsRecord({}, 'b'))).rejects.toBe(decided);
  });

  it('turns the decided failures into exactly those batch item failures', async () => {
    const handler = partialBatchHandler(() =>
      replayFailures(
        new Map([
          ['a', new Error('x')],
          ['c', new Error('y')],
        ]),
      ),
    );

    const response = await handler(sqsEvent(records('a', 'b', 'c')), CONTEXT);

    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['a', 'c']);
  });
});

import type { Context } from 'aws-lambda';
import { ACTIVITY_METRICS } from '../../../../infra/aws/facts/activity';
import { activitySettings } from '../../../../lambdas/record-activity/config';
import { createActivityHandler } from '../../../../lambdas/record-activity/activity-handler';
import {
  ActivityNotWrittenError,
  InvalidKafkaEventError,
} from '../../../../lambdas/record-activity/errors';
import type { PutActivityItems } from '../../../../lambdas/record-activity/activity-writes';
import { mskEvent, type KafkaRecordSpec } from '../../../fixtures/msk-events';
import { recordingLogger, recordingMetrics } from '../../../fixtures/recording-observability';
import { NOW, fakeTable, interaction, platform, purchase } from './activity-fixtures';

const context = { awsRequestId: 'request-1' } as Context;

function handlerWith(put: PutActivityItems) {
  const { logger, logs } = recordingLogger();
  const recorded = recordingMetrics();
  let published = 0;
  const handler = createActivityHandler({
    settings: {
      ...activitySettings(platform),
      writes: {
        concurrency: 2,
        retry: {
          maxAttempts: 3,
          baseDelayMs: 1,
          maxDelayMs: 1,
          sleep: () => Promise.resolve(),
          random: () => 0,
        },
      },
    },
    ports: { put, now: () => NOW },
    logger,
    metrics: {
      ...recorded.metrics,
      publishStoredMetrics: () => {
        published += 1;
      },
    },
  });
  return { handler, logs, sum: recorded.sum, published: () => published };
}

const SECRET_CUSTOMER = 'C-do-not-log-me';

/** A batch of both topics: activity, anonymous visits, a duplicate, malformed and old records. */
function mixedBatch(): KafkaRecordSpec[] {
  return [
    { topic: 'purchases', partition: 0, offset: 10, value: purchase() },
    {
      topic: 'purchases',
      partition: 0,
      offset: 11,
      value: purchase({ transaction_id: 'line-2', product_id: 'P2' }),
    },
    // The same line produced again: one item.
    { topic: 'purchases', partition: 0, offset: 12, value: purchase() },
    { topic: 'interactions', partition: 3, offset: 7, value: interaction() },
    {
      topic: 'interactions',
      partition: 3,
      offset: 8,
      value: interaction({ customer_id: null }),
    },
    {
      topic: 'interactions',
      partition: 4,
      offset: 1,
      value: interaction({ interaction_type: 'search', product_id: null }),
    },
    { topic: 'interactions', partition: 4, offset: 2, value: `not JSON ${SECRET_CUSTOMER}` },
    {
      topic: 'purchases',
      partition: 1,
      offset: 5,
      value: purchase({ customer_id: SECRET_CUSTOMER, transaction_time: null }),
    },
    {
      topic: 'purchases',
      partition: 1,
      offset: 6,
      value: purchase({ transaction_id: 'old', transaction_time: '2026-10-01T00:00:00Z' }),
    },
  ];
}

describe('the activity handler', () => {
  it('writes the activity of a batch and counts what it left out, by why', async () => {
    const table = fakeTable();
    const { handler, sum, published } = handlerWith(table.put);

    const result = await handler(mskEvent(mixedBatch()), context);

    expect(result).toEqual({ records: 9, written: 3, anonymous: 2, expired: 1, malformed: 2 });
    expect([...table.stored.values()].map((item) => [item.kind, item.product_id]).sort()).toEqual([
      ['add_to_cart', 'P000123'],
      ['purchase', 'P000123'],
      ['purchase', 'P2'],
    ]);
    expect(sum(ACTIVITY_METRICS.recordsRead)).toBe(9);
    expect(sum(ACTIVITY_METRICS.activityWritten)).toBe(3);
    expect(sum(ACTIVITY_METRICS.anonymousRecords)).toBe(2);
    expect(sum(ACTIVITY_METRICS.expiredRecords)).toBe(1);
    expect(sum(ACTIVITY_METRICS.malformedRecords)).toBe(2);
    expect(sum(ACTIVITY_METRICS.failures)).toBe(0);
    expect(published()).toBe(1);
  });

  it('reports malformed records by topic, partition, offset and reason, never their content', async () => {
    const { handler, logs } = handlerWith(fakeTable().put);

    await handler(mskEvent(mixedBatch()), context);

    const warning = logs.find((log) => log.level === 'warn');
    expect(warning?.extra[0]).toEqual({
      count: 2,
      records: [
        { topic: 'interactions', partition: 4, offset: 2, reason: 'not JSON' },
        { topic: 'purchases', partition: 1, offset: 5, reason: 'no readable transaction_time' },
      ],
    });
    expect(JSON.stringify(logs)).not.toContain(SECRET_CUSTOMER);
  });

  it('logs no warning for a batch without malformed records', async () => {
    const { handler, logs } = handlerWith(fakeTable().put);

    await handler(
      mskEvent([{ topic: 'purchases', partition: 0, offset: 1, value: purchase() }]),
      context,
    );

    expect(logs.filter((log) => log.level !== 'info')).toEqual([]);
  });

  it('fails the batch, retryably, when DynamoDB keeps items unprocessed, and counts it', async () => {
    const { handler, logs, sum, published } = handlerWith(fakeTable([1, 1, 1]).put);

    await expect(handler(mskEvent(mixedBatch()), context)).rejects.toThrow(ActivityNotWrittenError);

    expect(sum(ACTIVITY_METRICS.failures)).toBe(1);
    expect(published()).toBe(1);
    expect(logs.find((log) => log.level === 'error')?.extra[0]).toMatchObject({
      requestId: 'request-1',
      errorName: 'ActivityNotWrittenError',
      retryable: true,
    });
  });

  it('fails the batch when a write fails, as a retryable error for the mapping', async () => {
    const { handler, logs } = handlerWith(() =>
      Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })),
    );

    await expect(handler(mskEvent(mixedBatch()), context)).rejects.toThrow('Rate exceeded');
    expect(logs.find((log) => log.level === 'error')?.extra[0]).toMatchObject({
      errorName: 'ThrottlingException',
      retryable: true,
    });
  });

  it.each([
    ['an SQS event', { Records: [] }],
    ['a Kafka event without records', { eventSource: 'aws:kafka' }],
    ['records not in lists', { eventSource: 'aws:kafka', records: { 'purchases-0': {} } }],
    [
      'a record without its offset',
      {
        eventSource: 'aws:kafka',
        records: { 'purchases-0': [{ topic: 'purchases', partition: 0 }] },
      },
    ],
    [
      'a topic that is not an activity topic',
      mskEvent([{ topic: 'web-logs', partition: 0, offset: 0, value: {} }]),
    ],
  ])('refuses %s, permanently, writing nothing', async (_what, event) => {
    const table = fakeTable();
    const { handler, logs } = handlerWith(table.put);

    await expect(handler(event, context)).rejects.toThrow(InvalidKafkaEventError);
    expect(table.calls).toEqual([]);
    expect(logs.find((log) => log.level === 'error')?.extra[0]).toMatchObject({
      errorName: 'InvalidKafkaEventError',
      retryable: false,
    });
  });
});

import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { AlarmStateChangeSchema } from '../../../lambdas/failure-alerts/event-schemas';
import type { LocalFunctionSpec, QueueRef } from '../../../scripts/local-platform/deployment';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  createWorkQueue,
  drain,
  HANDLERS,
  observeEvents,
  sendAll,
  useLocalFunctions,
} from './lambda-runtime-fixtures';

const cloud = useLocalCloud();
const start = useLocalFunctions(cloud);

const ALARM_NAME = 'hybrid-lake-dev-items-dead-letters';

function consumer(queue: QueueRef, deadLetterQueue: QueueRef): LocalFunctionSpec {
  return {
    functionName: 'items',
    service: 'items',
    handlerModule: join(HANDLERS, 'sqs-items.ts'),
    environment: {},
    timeoutSeconds: 3,
    memoryMiB: 256,
    trigger: {
      kind: 'sqs',
      queue,
      deadLetterQueue,
      batchSize: 10,
      maxBatchingWindowSeconds: 0,
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 4,
    },
    deadLetterAlarmName: ALARM_NAME,
  };
}

describe('SQS event source mapping', () => {
  it('refuses a queue that hides messages for less than the function may run, as Lambda does', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const { queue, deadLetterQueue } = await createWorkQueue(sqs, 'items', {
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 1,
    });

    await expect(start([consumer(queue, deadLetterQueue)])).rejects.toMatchObject({
      name: 'TriggerConfigurationError',
      message: expect.stringContaining(
        'visibility timeout: 1 seconds is less than function timeout: 3',
      ),
    });
  });

  it('deletes what succeeds, redelivers reported failures until redrive parks them, then alarms', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const { queue, deadLetterQueue } = await createWorkQueue(sqs, 'items', {
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 4,
    });
    const alarmEvents = await observeEvents(cloud(), 'aws.cloudwatch');
    const ids = await sendAll(sqs, queue, [{}, { fail: true }, {}, { fail: true }, {}]);
    const functions = await start([consumer(queue, deadLetterQueue)]);

    await functions.idle({ timeoutMs: 60_000 });

    const failing = [ids[1], ids[3]];
    const parked = await drain(sqs, deadLetterQueue);
    expect(parked.map((message) => message.id).sort()).toEqual([...failing].sort());
    expect(await drain(sqs, queue)).toEqual([]);
    const handled = functions.invocations().flatMap((invocation) => invocation.records ?? []);
    for (const id of ids.filter((each) => !failing.includes(each)))
      expect(handled.filter((record) => record.messageId === id)).toEqual([
        expect.objectContaining({ receiveCount: 1, failed: false }),
      ]);
    for (const id of failing)
      expect(
        handled.filter((record) => record.messageId === id).map((r) => r.receiveCount),
      ).toEqual([1, 2]);
    expect(functions.invocations()[0]).toMatchObject({
      trigger: 'sqs',
      outcome: 'partial',
      coldStart: true,
    });
    const [alarm, ...more] = await drain(sqs, alarmEvents);
    expect(more).toEqual([]);
    const event = AlarmStateChangeSchema.parse(JSON.parse(alarm!.body));
    expect(event.detail).toMatchObject({ alarmName: ALARM_NAME, state: { value: 'ALARM' } });
    expect(event.detail.configuration.metrics[0]?.metricStat?.metric.dimensions).toEqual({
      QueueName: deadLetterQueue.name,
    });
  });

  it('invokes nothing while paused and catches up on resume', async () => {
    const sqs = new SQSClient(cloud().clientConfig);
    const { queue, deadLetterQueue } = await createWorkQueue(sqs, 'items', {
      maxReceiveCount: 2,
      visibilityTimeoutSeconds: 4,
    });
    const functions = await start([consumer(queue, deadLetterQueue)]);
    functions.pause('items');
    await functions.idle({ timeoutMs: 10_000 });

    const [id] = await sendAll(sqs, queue, [{}]);
    await functions.idle({ timeoutMs: 10_000 });
    const whilePaused = functions.invocations().length;
    functions.resume('items');
    await functions.idle({ timeoutMs: 30_000 });

    expect(whilePaused).toBe(0);
    expect(functions.invocations().flatMap((each) => each.records ?? [])).toEqual([
      expect.objectContaining({ messageId: id, failed: false }),
    ]);
  });
});

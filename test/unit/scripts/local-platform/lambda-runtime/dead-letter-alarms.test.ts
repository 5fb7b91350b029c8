import type { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalFunctionSpec } from '../../../../../scripts/local-platform/deployment';
import { DeadLetterAlarms } from '../../../../../scripts/local-platform/lambda-runtime/dead-letter-alarms';
import type { LocalCloud, ServiceEvent } from '@hybrid-lake/localcloud';

const queue = (name: string) => ({
  name,
  url: `http://localhost/000000000000/${name}`,
  arn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
});

const transfer: LocalFunctionSpec = {
  functionName: 'hybrid-lake-dev-s3-to-adls',
  service: 's3-to-adls',
  handlerModule: '/dev/null',
  environment: {},
  timeoutSeconds: 4,
  memoryMiB: 512,
  trigger: {
    kind: 'sqs',
    queue: queue('transfer'),
    deadLetterQueue: queue('transfer-dlq'),
    batchSize: 10,
    maxBatchingWindowSeconds: 1,
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 4,
  },
  deadLetterAlarmName: 'hybrid-lake-dev-s3-to-adls-dead-letters',
};

/**
 * A dead-letter queue whose depth the test sets, and whose GetQueueAttributes answers (with the
 * depth when it was sent) only when the test releases it: an evaluation can be held mid-read.
 */
function heldQueue() {
  let visible = 0;
  const pending: (() => void)[] = [];
  const send = jest.fn(() => {
    // The server reads the depth when the request arrives; the answer comes back later.
    const seen = visible;
    return new Promise((resolve) => {
      pending.push(() => resolve({ Attributes: { ApproximateNumberOfMessages: String(seen) } }));
    });
  });
  return {
    sqs: { send } as unknown as SQSClient,
    setVisible: (count: number) => {
      visible = count;
    },
    /** Answers the oldest read waiting. */
    answerOne: async () => {
      for (let turn = 0; pending.length === 0; turn += 1) {
        if (turn === 100) throw new Error('no read of the dead-letter queue is waiting');
        await Promise.resolve();
      }
      pending.shift()!();
    },
    reads: () => send.mock.calls.length,
  };
}

function alarmsOver(sqs: SQSClient) {
  const events: ServiceEvent[] = [];
  const cloud = {
    region: 'us-east-1',
    accountId: '000000000000',
    emitServiceEvent: (event: ServiceEvent) => events.push(event),
  } as unknown as LocalCloud;
  const alarms = new DeadLetterAlarms(cloud, sqs, [transfer], () => undefined);
  return { alarms, events };
}

describe('DeadLetterAlarms', () => {
  it('answers a call made during an evaluation with a read made after the call', async () => {
    const queueState = heldQueue();
    const { alarms, events } = alarmsOver(queueState.sqs);

    // The timer's evaluation reads an empty queue…
    const timer = alarms.evaluate();
    // …the message is moved to the dead-letter queue while that read is on its way back…
    queueState.setVisible(1);
    // …and the idle check asks now: it must not be told what the older read saw.
    const idleCheck = alarms.evaluate();
    await queueState.answerOne();
    expect(await timer).toBe(0);
    await queueState.answerOne();
    expect(await idleCheck).toBe(1);

    expect(queueState.reads()).toBe(2);
    expect(alarms.changesEmitted).toBe(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ 'detail-type': 'CloudWatch Alarm State Change' });
  });

  it('runs one evaluation for all the calls made during another', async () => {
    const queueState = heldQueue();
    const { alarms } = alarmsOver(queueState.sqs);
    const first = alarms.evaluate();
    const second = alarms.evaluate();
    const third = alarms.evaluate();
    expect(second).toBe(third);
    await queueState.answerOne();
    await first;
    await queueState.answerOne();
    await Promise.all([second, third]);
    expect(queueState.reads()).toBe(2);
  });

  it('still runs the evaluation asked for during one that failed', async () => {
    const queueState = heldQueue();
    let refuse = true;
    const events: ServiceEvent[] = [];
    const cloud = {
      region: 'us-east-1',
      accountId: '000000000000',
      emitServiceEvent: (event: ServiceEvent) => {
        if (refuse) throw new Error('the event bus is down');
        events.push(event);
      },
    } as unknown as LocalCloud;
    const alarms = new DeadLetterAlarms(cloud, queueState.sqs, [transfer], () => undefined);
    queueState.setVisible(1);
    const failing = alarms.evaluate();
    const after = alarms.evaluate();
    await queueState.answerOne();
    await expect(failing).rejects.toThrow('the event bus is down');
    refuse = false;
    await queueState.answerOne();
    expect(await after).toBe(1);
    expect(events).toHaveLength(1);
  });

  it('emits a change of state once, and counts it', async () => {
    const queueState = heldQueue();
    const { alarms, events } = alarmsOver(queueState.sqs);
    queueState.setVisible(2);
    const raised = alarms.evaluate();
    await queueState.answerOne();
    expect(await raised).toBe(1);
    const again = alarms.evaluate();
    await queueState.answerOne();
    expect(await again).toBe(0);
    queueState.setVisible(0);
    const cleared = alarms.evaluate();
    await queueState.answerOne();
    expect(await cleared).toBe(1);
    expect(alarms.changesEmitted).toBe(2);
    expect(
      events.map((event) => (event.detail as { state: { value: string } }).state.value),
    ).toEqual(['ALARM', 'OK']);
  });
});

import type {
  InvocationRecord,
  InvokedMessage,
} from '../../../../scripts/local-platform/lambda-runtime';
import { failedLastAllowedReceive } from '../../../../scripts/local-run/injected-failures';

const TRANSFER = 'hybrid-lake-dev-s3-to-adls';

function sqsInvocation(functionName: string, messages: InvokedMessage[]): InvocationRecord {
  return {
    functionName,
    requestId: `request-${messages.map((message) => message.messageId).join('-')}`,
    trigger: 'sqs',
    attempt: Math.max(...messages.map((message) => message.receiveCount)),
    coldStart: false,
    startedAt: 1_000,
    endedAt: 1_200,
    outcome: messages.some((message) => message.failed) ? 'partial' : 'success',
    records: messages,
  };
}

const message = (messageId: string, receiveCount: number, failed: boolean): InvokedMessage => ({
  messageId,
  sentTimestamp: 900,
  receiveCount,
  failed,
});

describe('failedLastAllowedReceive', () => {
  it('waits while the failing message still has receives left', () => {
    const invocations = [1, 2, 3, 4].map((count) =>
      sqsInvocation(TRANSFER, [message('corrupt', count, true), message(`ok-${count}`, 1, false)]),
    );
    expect(failedLastAllowedReceive(invocations, TRANSFER, 5)).toBe(false);
  });

  it('holds once a message failed on its last allowed receive', () => {
    const invocations = [1, 2, 3, 4, 5].map((count) =>
      sqsInvocation(TRANSFER, [message('corrupt', count, true)]),
    );
    expect(failedLastAllowedReceive(invocations, TRANSFER, 5)).toBe(true);
  });

  it('does not count a last receive that succeeded, or another function', () => {
    expect(
      failedLastAllowedReceive([sqsInvocation(TRANSFER, [message('late', 5, false)])], TRANSFER, 5),
    ).toBe(false);
    expect(
      failedLastAllowedReceive(
        [sqsInvocation('hybrid-lake-dev-register-partitions', [message('other', 5, true)])],
        TRANSFER,
        5,
      ),
    ).toBe(false);
  });

  it('ignores invocations without SQS records', () => {
    const direct: InvocationRecord = {
      functionName: TRANSFER,
      requestId: 'direct',
      trigger: 'direct',
      attempt: 1,
      coldStart: true,
      startedAt: 0,
      endedAt: 1,
      outcome: 'error',
    };
    expect(failedLastAllowedReceive([direct], TRANSFER, 1)).toBe(false);
  });
});

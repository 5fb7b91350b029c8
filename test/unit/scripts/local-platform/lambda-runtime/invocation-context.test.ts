import { createInvocationContext } from '../../../../../scripts/local-platform/lambda-runtime/invocation-context';

function contextAt(nowMs: number, settle = jest.fn()) {
  return createInvocationContext({
    awsRequestId: 'req-1',
    functionName: 'hybrid-lake-dev-register-partitions',
    invokedFunctionArn:
      'arn:aws:lambda:us-east-1:000000000000:function:hybrid-lake-dev-register-partitions',
    memoryMiB: '512',
    logGroupName: '/aws/lambda/hybrid-lake-dev-register-partitions',
    logStreamName: '2026/03/09/[$LATEST]0123456789abcdef0123456789abcdef',
    deadlineMs: 10_000,
    now: () => nowMs,
    settle,
  });
}

describe('createInvocationContext', () => {
  it('carries the identity of the function and the invocation', () => {
    expect(contextAt(0)).toMatchObject({
      awsRequestId: 'req-1',
      functionName: 'hybrid-lake-dev-register-partitions',
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/hybrid-lake-dev-register-partitions',
      callbackWaitsForEmptyEventLoop: true,
    });
  });

  it('counts the remaining time down to the deadline, never below zero', () => {
    expect(contextAt(7_500).getRemainingTimeInMillis()).toBe(2_500);
    expect(contextAt(12_000).getRemainingTimeInMillis()).toBe(0);
  });

  it('ends the invocation through the legacy done, succeed and fail methods', () => {
    const settle = jest.fn();
    const context = contextAt(0, settle);

    context.succeed({ ok: true });
    context.fail('went wrong');

    expect(settle).toHaveBeenNthCalledWith(1, undefined, { ok: true });
    expect(settle.mock.calls[1]?.[0]).toEqual(new Error('went wrong'));
  });
});

/**
 * The `Context` object a handler receives, built in the container for each invocation from what
 * the Lambda service knows: request id, function identity, memory, log names and the deadline.
 */
import type { Context } from 'aws-lambda';

export interface ContextInput {
  readonly awsRequestId: string;
  readonly functionName: string;
  readonly invokedFunctionArn: string;
  readonly memoryMiB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Epoch ms the invocation times out at. */
  readonly deadlineMs: number;
  readonly now?: () => number;
  /**
   * Called by the legacy `done`/`succeed`/`fail` methods, which end the invocation in the
   * Node.js runtime as a callback would.
   */
  readonly settle: (error: unknown, result?: unknown) => void;
}

export function createInvocationContext(input: ContextInput): Context {
  const now = input.now ?? Date.now;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: input.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: input.invokedFunctionArn,
    memoryLimitInMB: input.memoryMiB,
    awsRequestId: input.awsRequestId,
    logGroupName: input.logGroupName,
    logStreamName: input.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, input.deadlineMs - now()),
    done: (error, result) => input.settle(error ?? undefined, result),
    fail: (error) => input.settle(typeof error === 'string' ? new Error(error) : error),
    succeed: (messageOrObject: unknown) => input.settle(undefined, messageOrObject),
  };
}

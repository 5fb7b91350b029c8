/**
 * What Lambda sends to the on-failure destination of an asynchronous invocation (the CDK routes
 * failures there: infra/aws/constructs/async-dead-letters.ts `configureAsyncInvoke({ onFailure })`):
 * an invocation record with the request, the last response and why Lambda gave up, the shape
 * failure-alerts validates with `LambdaFailureRecordSchema`.
 */
import type { FunctionError } from './types';

/** Why Lambda gave up on an event. */
export type FailureCondition = 'RetriesExhausted' | 'EventAgeExceeded';

export interface FailureRecordInput {
  readonly requestId: string;
  /** Unqualified ARN; the record names the version that ran (`$LATEST`). */
  readonly functionArn: string;
  readonly condition: FailureCondition;
  /** Invocations made (0 when the event expired before the first). */
  readonly invokeCount: number;
  readonly event: unknown;
  /** The last attempt's error, if any attempt ran. */
  readonly lastError: FunctionError | undefined;
  readonly now: Date;
}

/** What every destination record starts with: the request, and why it was sent. */
export function invocationRecordHead(
  input: Pick<FailureRecordInput, 'requestId' | 'functionArn' | 'invokeCount' | 'event' | 'now'>,
  condition: FailureCondition | 'Success',
): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: input.now.toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: `${input.functionArn}:$LATEST`,
      condition,
      approximateInvokeCount: input.invokeCount,
    },
    requestPayload: input.event,
  };
}

export function failureRecord(input: FailureRecordInput): Record<string, unknown> {
  return {
    ...invocationRecordHead(input, input.condition),
    ...(input.lastError !== undefined && {
      // A function error still answers 200: the failure is in the payload.
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: {
        errorType: input.lastError.errorType,
        errorMessage: input.lastError.errorMessage,
        ...(input.lastError.trace !== undefined && { trace: input.lastError.trace }),
      },
    }),
  };
}

/** The delay before retry `retry` (1-based); the last configured delay repeats. */
export function retryDelayMs(delays: readonly number[], retry: number): number {
  return delays[Math.min(retry, delays.length) - 1] ?? 0;
}

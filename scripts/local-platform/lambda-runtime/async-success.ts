/**
 * What Lambda puts on an event bus named as the on-success destination of an asynchronous
 * invocation: an EventBridge entry (source `lambda`, detail type "Lambda Function Invocation
 * Result - Success") whose detail is the invocation record, with the request and the function's
 * response. The ELT's export rule matches these (infra/aws/facts/recommendation-export.ts).
 */
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import {
  LAMBDA_DESTINATION_SOURCE,
  LAMBDA_SUCCESS_DETAIL_TYPE,
} from '../../../infra/aws/facts/functions';

export interface SuccessRecordInput {
  readonly requestId: string;
  /** Unqualified ARN; the record names the version that ran (`$LATEST`). */
  readonly functionArn: string;
  /** Invocations made, the one that succeeded included. */
  readonly invokeCount: number;
  readonly event: unknown;
  /** What the function returned. */
  readonly response: unknown;
  readonly now: Date;
}

export function successRecord(input: SuccessRecordInput): Record<string, unknown> {
  return {
    version: '1.0',
    timestamp: input.now.toISOString(),
    requestContext: {
      requestId: input.requestId,
      functionArn: `${input.functionArn}:$LATEST`,
      condition: 'Success',
      approximateInvokeCount: input.invokeCount,
    },
    requestPayload: input.event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    responsePayload: input.response,
  };
}

/** The PutEvents entry for `input` on the bus `busArn` (the entry names the function and the bus). */
export function successEntry(input: SuccessRecordInput, busArn: string): PutEventsRequestEntry {
  return {
    EventBusName: busArn,
    Source: LAMBDA_DESTINATION_SOURCE,
    DetailType: LAMBDA_SUCCESS_DETAIL_TYPE,
    Resources: [input.functionArn, busArn],
    Detail: JSON.stringify(successRecord(input)),
  };
}

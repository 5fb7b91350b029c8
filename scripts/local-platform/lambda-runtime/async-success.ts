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
import { invocationRecordHead } from './async-failure';

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
    ...invocationRecordHead(input, 'Success'),
    responseContext: { statusCode: 200, executedVersion: '$LATEST' },
    responsePayload: input.response,
  };
}

/**
 * The event's `resources`: the bus, then the function's version that ran. AWS documents only that
 * both are there; this order and the versioned ARN are those of events Lambda delivered.
 */
export function successResources(functionArn: string, busArn: string): string[] {
  return [busArn, `${functionArn}:$LATEST`];
}

/** The PutEvents entry for `input` on the bus `busArn`. */
export function successEntry(input: SuccessRecordInput, busArn: string): PutEventsRequestEntry {
  return {
    EventBusName: busArn,
    Source: LAMBDA_DESTINATION_SOURCE,
    DetailType: LAMBDA_SUCCESS_DETAIL_TYPE,
    Resources: successResources(input.functionArn, busArn),
    Detail: JSON.stringify(successRecord(input)),
  };
}

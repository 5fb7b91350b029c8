/**
 * The pure half of the SQS event source mapping: SQS messages as the records of an `SQSEvent`,
 * and what a batch's result means for each message (deleted, or left to come back).
 */
import type { Message } from '@aws-sdk/client-sqs';
import type { SQSMessageAttributes, SQSRecord } from 'aws-lambda';
import type { ContainerOutcome } from './container';
import type { InvocationOutcome, InvokedMessage } from './types';

/** A received message as Lambda hands it to the function. */
export function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const { MessageId, ReceiptHandle, Body, MD5OfBody } = message;
  if (MessageId === undefined || ReceiptHandle === undefined || Body === undefined)
    throw new TypeError('ReceiveMessage returned a message without id, receipt handle or body');
  return {
    messageId: MessageId,
    receiptHandle: ReceiptHandle,
    body: Body,
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? '0',
      SenderId: attributes.SenderId ?? '',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? '0',
      ...(attributes.AWSTraceHeader !== undefined && { AWSTraceHeader: attributes.AWSTraceHeader }),
    },
    messageAttributes: messageAttributesOf(message),
    md5OfBody: MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes !== undefined && {
      md5OfMessageAttributes: message.MD5OfMessageAttributes,
    }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? '',
  };
}

function messageAttributesOf(message: Message): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    result[name] = {
      dataType: value.DataType ?? 'String',
      stringListValues: [],
      binaryListValues: [],
      ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
      ...(value.BinaryValue !== undefined && {
        binaryValue: Buffer.from(value.BinaryValue).toString('base64'),
      }),
    };
  }
  return result;
}

export interface BatchSettlement {
  readonly outcome: InvocationOutcome;
  /** Messages to delete: everything the function did not report as failed. */
  readonly toDelete: readonly SQSRecord[];
  readonly messages: readonly InvokedMessage[];
  readonly error?: string;
}

/**
 * Applies Lambda's partial batch response rules (ReportBatchItemFailures): no or an empty
 * `batchItemFailures` succeeds the batch; listed ids fail alone; a response Lambda cannot use
 * (an id that is empty or not in the batch, a list of the wrong shape) fails the whole batch, as
 * does a thrown error or a timeout.
 */
export function settleBatch(
  records: readonly SQSRecord[],
  result: ContainerOutcome,
): BatchSettlement {
  const failAll = (outcome: InvocationOutcome, error: string): BatchSettlement => ({
    outcome,
    toDelete: [],
    messages: records.map((record) => invokedMessage(record, true)),
    error,
  });
  if (result.kind !== 'success')
    return failAll(result.kind, `${result.error.errorType}: ${result.error.errorMessage}`);
  const failures = reportedFailures(result.payload, new Set(records.map((r) => r.messageId)));
  if (failures instanceof Error)
    return failAll('error', `InvalidBatchResponse: ${failures.message}`);
  return {
    outcome: failures.size === 0 ? 'success' : 'partial',
    toDelete: records.filter((record) => !failures.has(record.messageId)),
    messages: records.map((record) => invokedMessage(record, failures.has(record.messageId))),
  };
}

function reportedFailures(payload: unknown, batchIds: ReadonlySet<string>): Set<string> | Error {
  if (payload === null || typeof payload !== 'object') return new Set();
  const list = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (list === undefined || list === null) return new Set();
  if (!Array.isArray(list)) return new Error('batchItemFailures is not a list');
  const failed = new Set<string>();
  for (const item of list as unknown[]) {
    const id = (item as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || id === '') return new Error('an itemIdentifier is empty');
    if (!batchIds.has(id)) return new Error(`itemIdentifier ${id} is not in the batch`);
    failed.add(id);
  }
  return failed;
}

function invokedMessage(record: SQSRecord, failed: boolean): InvokedMessage {
  return {
    messageId: record.messageId,
    sentTimestamp: Number(record.attributes.SentTimestamp),
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
    failed,
  };
}

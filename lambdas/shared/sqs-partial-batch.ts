/**
 * Answering an SQS batch record by record (`ReportBatchItemFailures`), for every function a queue
 * invokes. A record whose answer rejects is listed in `batchItemFailures`, so SQS delivers only it
 * again and, after maxReceiveCount, its redrive parks it in the DLQ: nothing is dropped, and a
 * record that succeeded is never redone because another failed. How a record's outcome is found
 * is the function's: its own work per record (the transfer), or one decision for the whole batch
 * replayed record by record (partition registration).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** Resolves when the record succeeded; rejects with why it failed. */
export type RecordAnswer = (record: SQSRecord) => Promise<unknown>;

export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * @param answersFor runs once per invocation, before any record is answered, and says how each
 *   record of this batch is answered.
 * @param afterBatch runs once per invocation whatever happened: where the invocation's metrics are
 *   flushed, so that a failed batch is counted too.
 */
export function partialBatchHandler(
  answersFor: (records: readonly SQSRecord[]) => RecordAnswer | Promise<RecordAnswer>,
  afterBatch?: () => void,
): SqsBatchHandler {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    try {
      const answer = await answersFor(event.Records);
      // A batch where every record failed is still a partial response: each record keeps its
      // own receive count, instead of the whole invocation erroring and every record with it.
      return await processPartialResponse(event, answer, processor, {
        context,
        throwOnFullBatchFailure: false,
      });
    } finally {
      afterBatch?.();
    }
  };
}

/** Answers each record with the failure decided for its message id beforehand; none is success. */
export function replayFailures(failures: ReadonlyMap<string, Error>): RecordAnswer {
  return (record) => {
    const error = failures.get(record.messageId);
    return error ? Promise.reject(error) : Promise.resolve();
  };
}

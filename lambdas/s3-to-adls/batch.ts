/**
 * SQS batch → one transfer per record, with partial batch failures. A failed record is
 * reported in `batchItemFailures`, so SQS redelivers only it. Errors that retrying cannot fix
 * (`PermanentError`) are failed too (never dropped), logged at error level and counted
 * as `PermanentFailures`: after maxReceiveCount SQS redrive parks them in the DLQ, where the
 * alarm on the DLQ depth (and on that metric) raises the alert.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { parseS3ObjectEvent } from './event';
import { summarizeError } from './redaction';
import { transferObject } from './transfer';
import type { TransferDependencies } from './transfer-dependencies';
import { isPermanentError } from '../shared/errors';
import { partialBatchHandler, type SqsBatchHandler } from '../shared/sqs-partial-batch';
import type { TransferOutcome } from './transfer-outcome';

export interface BatchDependencies extends TransferDependencies {
  /** Flushes the invocation's metrics (Powertools `publishStoredMetrics`). */
  readonly publishMetrics?: () => void;
}

export function createRecordHandler(
  deps: BatchDependencies,
): (record: SQSRecord) => Promise<TransferOutcome> {
  return async (record) => {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount ?? '1');
    if (receiveCount > 1) deps.metrics.addMetric('Retries', MetricUnit.Count, receiveCount - 1);
    try {
      return await transferObject(parseS3ObjectEvent(record.body), deps, {
        attempt: receiveCount,
      });
    } catch (error) {
      deps.metrics.addMetric('Failures', MetricUnit.Count, 1);
      const details = { messageId: record.messageId, receiveCount, error: summarizeError(error) };
      if (isPermanentError(error)) {
        deps.metrics.addMetric('PermanentFailures', MetricUnit.Count, 1);
        deps.logger.error('Record cannot succeed; failed so that SQS parks it in the DLQ', details);
      } else {
        deps.logger.warn('Transfer failed; SQS will deliver the record again', details);
      }
      throw error;
    }
  };
}

export function createBatchHandler(deps: BatchDependencies): SqsBatchHandler {
  const recordHandler = createRecordHandler(deps);
  return partialBatchHandler(() => recordHandler, deps.publishMetrics);
}

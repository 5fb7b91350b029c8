/**
 * One SQS batch (up to a thousand S3 events) → the partitions it needs, registered together,
 * then a partial batch response. Each record is parsed and placed (its partition, or a reason
 * to skip it); skipped records succeed. The batch is collapsed to distinct partitions, and a
 * partition that cannot be registered fails exactly the records that need it: SQS delivers
 * only those again, and after maxReceiveCount parks them in the DLQ. Nothing is dropped.
 */
import type { SQSRecord } from 'aws-lambda';
import { parseS3ObjectNotice } from './event';
import {
  partitionsOfReadings,
  type ObjectPartitions,
  type PartitionTarget,
  type SkipReason,
} from './partition-path';
import { collapseByPartition } from './pending-partitions';
import { registerPartitions } from './register';
import type { RegistrationDependencies } from './registration-dependencies';
import { RegistrationTally } from './tally';
import { type PlatformError, isPermanentError } from '../shared/errors';
import {
  partialBatchHandler,
  replayFailures,
  type SqsBatchHandler,
} from '../shared/sqs-partial-batch';

export interface BatchDependencies extends RegistrationDependencies {
  /** Flushes the invocation's metrics (Powertools `publishStoredMetrics`). */
  readonly publishMetrics?: () => void;
}

/** How loudly each skip is logged: routine ones quietly, ones that hint at a mistake as warnings. */
const SKIP_LOG_LEVEL: Readonly<Record<SkipReason, 'debug' | 'info' | 'warn'>> = {
  'folder-marker': 'debug',
  'hidden-file': 'debug',
  'projected-partitions': 'info',
  'not-object-created': 'info',
  'unknown-dataset': 'warn',
  'invalid-partition-path': 'warn',
};

interface PlacedRecords {
  readonly placed: { messageId: string; partition: PartitionTarget }[];
  readonly failed: Map<string, PlatformError>;
}

/**
 * Parses every record and finds its partitions; counts and logs the skipped. A record that is
 * no S3 event, names a bucket that is not this deployment's or a partition that cannot exist is
 * failed, loudly, so that SQS parks it in the DLQ.
 */
export function placeRecords(
  records: readonly SQSRecord[],
  deps: Pick<RegistrationDependencies, 'platform' | 'lake' | 'logger'>,
  tally: RegistrationTally,
): PlacedRecords {
  const placed: PlacedRecords['placed'] = [];
  const failed = new Map<string, PlatformError>();
  for (const record of records) {
    tally.records += 1;
    let notice;
    let where: ObjectPartitions;
    try {
      notice = parseS3ObjectNotice(record.body);
      where =
        notice.detailType === 'Object Created'
          ? partitionsOfReadings(deps.platform, deps.lake, notice.bucket, notice.keys)
          : { action: 'skip', reason: 'not-object-created' };
    } catch (error) {
      failed.set(record.messageId, error as PlatformError);
      deps.logger.error('Record cannot be registered; failed so that SQS parks it in the DLQ', {
        messageId: record.messageId,
        error: { name: (error as Error).name, message: (error as Error).message },
      });
      continue;
    }
    if (where.action === 'register') {
      for (const partition of where.partitions)
        placed.push({ messageId: record.messageId, partition });
      continue;
    }
    tally.skip(where.reason);
    deps.logger[SKIP_LOG_LEVEL[where.reason]]('Object skipped; no partition to register', {
      messageId: record.messageId,
      reason: where.reason,
      bucket: notice.bucket,
      key: notice.keys[0],
      ...(where.detail !== undefined && { detail: where.detail }),
    });
  }
  return { placed, failed };
}

/** Registers one batch. @returns the error of each failed record, by message id. */
export async function registerBatch(
  records: readonly SQSRecord[],
  deps: RegistrationDependencies,
  tally: RegistrationTally,
): Promise<Map<string, PlatformError>> {
  const { placed, failed } = placeRecords(records, deps, tally);
  const pending = collapseByPartition(placed);
  const partitionFailures = await registerPartitions(pending, deps, tally);
  for (const partition of pending) {
    const error = partitionFailures.get(partition.id);
    if (error) for (const messageId of partition.messageIds) failed.set(messageId, error);
  }
  tally.failures += failed.size;
  for (const error of failed.values()) if (isPermanentError(error)) tally.permanentFailures += 1;
  return failed;
}

export function createBatchHandler(deps: BatchDependencies): SqsBatchHandler {
  return partialBatchHandler(async (records) => {
    const tally = new RegistrationTally();
    try {
      // The work is done for the batch as a whole; each record only reports its outcome.
      return replayFailures(await registerBatch(records, deps, tally));
    } finally {
      tally.publishTo(deps.metrics);
    }
  }, deps.publishMetrics);
}

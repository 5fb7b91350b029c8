/**
 * The invocation wrapper: runs one MSK batch through the consumer, counts what it wrote and what
 * it left out, reports malformed records by position and reason (never their content: they hold
 * customer ids), and rethrows a failure so the mapping retries the batch and then hands its
 * offsets to the on-failure queue.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { ACTIVITY_METRICS } from '../../infra/aws/facts/activity';
import { failureFields } from '../shared/failure-fields';
import type { LogPort, MetricsPort } from '../shared/ports';
import {
  recordActivity,
  type ActivityPorts,
  type ActivitySettings,
  type BatchOutcome,
} from './activity-batch';

/** Malformed records logged by position per invocation; the rest are only counted. */
const MALFORMED_LOGGED = 20;

export interface ActivityHandlerDependencies {
  readonly settings: ActivitySettings;
  readonly ports: ActivityPorts;
  readonly logger: LogPort;
  readonly metrics: MetricsPort & { publishStoredMetrics(): void };
}

/** What the invocation returns (Lambda ignores it for MSK; tests and the local run read it). */
export interface ActivityResult {
  readonly records: number;
  readonly written: number;
  readonly anonymous: number;
  readonly expired: number;
  readonly malformed: number;
}

export function createActivityHandler(
  deps: ActivityHandlerDependencies,
): (event: unknown, context: Context) => Promise<ActivityResult> {
  const { logger, metrics } = deps;
  return async (event, context) => {
    try {
      const outcome = await recordActivity(event, deps.settings, deps.ports);
      report(outcome, logger, metrics);
      return {
        records: outcome.records,
        written: outcome.written,
        anonymous: outcome.anonymous,
        expired: outcome.expired,
        malformed: outcome.malformed.length,
      };
    } catch (error) {
      metrics.addMetric(ACTIVITY_METRICS.failures, MetricUnit.Count, 1);
      logger.error(
        'Batch failed; the mapping retries it, then sends its offsets to the on-failure queue',
        {
          requestId: context.awsRequestId,
          ...failureFields(error),
        },
      );
      throw error;
    } finally {
      metrics.publishStoredMetrics();
    }
  };
}

function report(outcome: BatchOutcome, logger: LogPort, metrics: MetricsPort): void {
  metrics.addMetric(ACTIVITY_METRICS.recordsRead, MetricUnit.Count, outcome.records);
  metrics.addMetric(ACTIVITY_METRICS.activityWritten, MetricUnit.Count, outcome.written);
  metrics.addMetric(ACTIVITY_METRICS.anonymousRecords, MetricUnit.Count, outcome.anonymous);
  metrics.addMetric(ACTIVITY_METRICS.expiredRecords, MetricUnit.Count, outcome.expired);
  metrics.addMetric(ACTIVITY_METRICS.malformedRecords, MetricUnit.Count, outcome.malformed.length);
  if (outcome.malformed.length > 0) {
    logger.warn(
      'Records left out: not JSON, or without a readable time, record id or kind (the lake keeps them)',
      {
        count: outcome.malformed.length,
        records: outcome.malformed.slice(0, MALFORMED_LOGGED),
      },
    );
  }
}

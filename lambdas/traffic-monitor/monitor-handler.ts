/**
 * The invocation wrapper: runs one MSK batch through the monitor, reports what it could not
 * count (malformed records by position and reason, never their content: web-log values carry
 * client addresses), counts it in metrics, and rethrows a failure so the mapping retries the
 * batch and then hands it to its on-failure destination.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { TRAFFIC_METRICS } from '../../infra/aws/facts/traffic';
import { failureFields } from '../shared/failure-fields';
import {
  monitorBatch,
  type BatchOutcome,
  type MonitorPorts,
  type MonitorSettings,
} from './monitor';

/** Malformed records logged by position per invocation; the rest are only counted. */
const MALFORMED_LOGGED = 20;

export interface MonitorHandlerDependencies {
  readonly settings: MonitorSettings;
  readonly ports: MonitorPorts;
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** What the invocation returns (Lambda ignores it for MSK; tests and the local run read it). */
export interface MonitorResult {
  readonly records: number;
  readonly malformed: number;
  readonly late: number;
  readonly minutesClosed: number;
  readonly alertsPut: number;
}

export function createMonitorHandler(
  deps: MonitorHandlerDependencies,
): (event: unknown, context: Context) => Promise<MonitorResult> {
  const { logger, metrics } = deps;
  return async (event, context) => {
    try {
      const outcome = await monitorBatch(event, deps.settings, deps.ports);
      report(outcome, logger, metrics);
      return {
        records: outcome.records,
        malformed: outcome.malformed.length,
        late: outcome.late,
        minutesClosed: outcome.closed.length,
        alertsPut: outcome.alertsPut,
      };
    } catch (error) {
      metrics.addMetric('Failures', MetricUnit.Count, 1);
      logger.error(
        'Batch failed; the mapping retries it, then sends it to its on-failure destination',
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

function report(outcome: BatchOutcome, logger: Logger, metrics: Metrics): void {
  metrics.addMetric('RecordsRead', MetricUnit.Count, outcome.records);
  if (outcome.malformed.length > 0) {
    metrics.addMetric(TRAFFIC_METRICS.malformedRecords, MetricUnit.Count, outcome.malformed.length);
    logger.warn(
      'Records left out: not JSON or without their event time (the lake keeps them under _rejected/)',
      {
        count: outcome.malformed.length,
        records: outcome.malformed.slice(0, MALFORMED_LOGGED),
      },
    );
  }
  if (outcome.late > 0) {
    metrics.addMetric(TRAFFIC_METRICS.lateRecords, MetricUnit.Count, outcome.late);
    logger.warn('Records for minutes already closed were left out of the windows', {
      count: outcome.late,
    });
  }
  for (const summary of outcome.closed.filter((minute) => minute.alert !== undefined)) {
    logger.info('Bot attack suspected: incident opened', {
      minute: new Date(summary.minute).toISOString(),
      requests: summary.requests,
      reason: summary.reason,
      trailingRate: summary.trailingRate,
      poissonZ: summary.poissonZ,
    });
  }
}

/**
 * The invocation wrapper: runs one event through the processor, logs a failure once with its
 * type (never the raw event, which may carry secrets: only a redacted excerpt), counts it, and
 * rethrows so Lambda's asynchronous retries and dead-letter destination keep the event.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { redactAndLimit } from '../shared/redaction';
import { processAlertEvent, type AlertDependencies, type AlertOutcome } from './alert-processor';
import { failureFields } from '../shared/failure-fields';

export interface AlertHandlerDependencies extends AlertDependencies {
  /** Flushes the invocation's metrics (Powertools `publishStoredMetrics`). */
  readonly publishMetrics?: () => void;
}

function excerptOf(event: unknown): string {
  try {
    return redactAndLimit(JSON.stringify(event) ?? String(event), 2048);
  } catch {
    return '(not serialisable)';
  }
}

export function createAlertHandler(
  deps: AlertHandlerDependencies,
): (event: unknown, context: Context) => Promise<AlertOutcome> {
  return async (event, context) => {
    try {
      return await processAlertEvent(event, deps);
    } catch (error) {
      deps.metrics.addMetric('Failures', MetricUnit.Count, 1);
      deps.logger.error('Invocation failed; Lambda retries it, then dead-letters the event', {
        requestId: context.awsRequestId,
        ...failureFields(error),
        event: excerptOf(event),
      });
      throw error;
    } finally {
      deps.publishMetrics?.();
    }
  };
}

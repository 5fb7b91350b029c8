/**
 * One invocation, end to end: parse the event, turn a failure into an Alert, let the dedupe
 * window decide, publish. The scheduled event instead reports the windows that have closed.
 * Everything outside (clients, clock, logger, metrics) arrives as narrow dependencies; the dedupe
 * windows as a port (dedupe-window.ts), which the handler backs with DynamoDB.
 */
import type { SNSClient } from '@aws-sdk/client-sns';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ALERT_PUBLISHED_LOG_MESSAGE } from '../../infra/aws/facts/alerting';
import { completeAlert, type Alert } from './alert';
import type { AlertConfig } from './config';
import type { DedupeWindows } from './dedupe-window';
import { DedupeContentionError } from './errors';
import { alertFactsOf } from './normalise';
import { parseAlertEvent } from './parse-event';
import { snsPublisher, type Publish } from './publish';
import { closeWindow, flushClosedWindows, type FlushResult } from './window-close';
import { backoffDelay, type RetryPolicy } from '../shared/backoff';
import type { LogPort, MetricsPort } from '../shared/ports';

export interface AlertDependencies {
  readonly config: AlertConfig;
  readonly sns: SNSClient;
  readonly dedupeWindows: DedupeWindows;
  readonly logger: LogPort;
  readonly metrics: Pick<MetricsPort, 'addMetric'>;
  readonly now: () => Date;
  /** @default an SNS Publish to `config.topicArn` */
  readonly publish?: Publish;
  /** Pause between attempts while another invocation reports the same window. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of that pause. @default Math.random */
  readonly random?: () => number;
}

export type AlertOutcome =
  | { readonly outcome: 'published'; readonly fingerprint: string; readonly messageId?: string }
  | { readonly outcome: 'counted'; readonly fingerprint: string; readonly occurrences: number }
  | { readonly outcome: 'ignored'; readonly reason: string }
  | ({ readonly outcome: 'flushed' } & FlushResult);

/** Attempts to settle an occurrence before giving the event back to Lambda's retries. */
export const MAX_ATTEMPTS = 5;

/**
 * The pause while another invocation reports the window: below 50 ms doubling (800 ms at the
 * fifth), fully jittered so two invocations that met on one window do not meet again.
 */
const CONTENTION_BACKOFF = { baseDelayMs: 50, maxDelayMs: 800 } as const;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Counts the occurrence into its window, or opens a window and publishes it. A closed window in
 * the way is reported first, so its count is never overwritten.
 */
async function recordAndPublish(
  alert: Alert,
  deps: AlertDependencies,
  publish: Publish,
): Promise<AlertOutcome> {
  const windows = deps.dedupeWindows;
  const windowMs = deps.config.dedupeWindowSeconds * 1000;
  const contention: RetryPolicy = {
    ...CONTENTION_BACKOFF,
    maxAttempts: MAX_ATTEMPTS,
    sleep: deps.sleep ?? defaultSleep,
    random: deps.random ?? Math.random,
  };
  for (let attempt = 0; attempt < contention.maxAttempts; attempt += 1) {
    const now = deps.now().getTime();
    const counted = await windows.countRepeat(alert.fingerprint, now);
    if (counted) {
      deps.metrics.addMetric('RepeatsCounted', MetricUnit.Count, 1);
      deps.logger.info('Repeat counted in its dedupe window', {
        fingerprint: alert.fingerprint,
        source: alert.source,
        occurrences: counted.occurrences,
        windowEnd: new Date(counted.windowEnd).toISOString(),
      });
      return {
        outcome: 'counted',
        fingerprint: alert.fingerprint,
        occurrences: counted.occurrences,
      };
    }
    const opened = await windows.open(alert, now, windowMs);
    if (opened.opened) {
      let messageId: string | undefined;
      try {
        messageId = await publish({ kind: 'alert', alert });
      } catch (error) {
        const undone = await windows
          .undoOpening(alert.fingerprint, opened.windowStart)
          .catch(() => false);
        deps.logger.warn('Publishing failed; the event will be retried', {
          fingerprint: alert.fingerprint,
          windowUndone: undone,
        });
        throw error;
      }
      deps.metrics.addMetric('AlertsPublished', MetricUnit.Count, 1);
      deps.logger.info(ALERT_PUBLISHED_LOG_MESSAGE, {
        fingerprint: alert.fingerprint,
        source: alert.source,
        severity: alert.severity,
        resource: alert.resource,
        messageId,
      });
      return { outcome: 'published', fingerprint: alert.fingerprint, messageId };
    }
    if (opened.existing && opened.existing.windowEnd <= now) {
      const result = await closeWindow(windows, opened.existing, now, publish);
      if (result === 'reported') deps.metrics.addMetric('SummariesPublished', MetricUnit.Count, 1);
      if (result === 'busy') await contention.sleep(backoffDelay(attempt, contention));
    }
    // Otherwise another invocation opened the window between our two calls: count into it.
  }
  throw new DedupeContentionError(
    `Could not settle the dedupe window of ${alert.fingerprint} in ${MAX_ATTEMPTS} attempts`,
  );
}

export async function processAlertEvent(
  input: unknown,
  deps: AlertDependencies,
): Promise<AlertOutcome> {
  const publish = deps.publish ?? snsPublisher(deps.sns, deps.config.topicArn);
  const parsed = parseAlertEvent(input);
  if (parsed.kind === 'schedule') {
    const result = await flushClosedWindows(
      deps.dedupeWindows,
      deps.now().getTime(),
      publish,
      (item, error) =>
        deps.logger.error('Closed dedupe window could not be reported; the next flush retries', {
          fingerprint: item.fingerprint,
          unreported: item.occurrences - item.reported,
          error,
        }),
    );
    deps.metrics.addMetric('SummariesPublished', MetricUnit.Count, result.summaries);
    deps.logger.info('Dedupe windows flushed', { ...result });
    return { outcome: 'flushed', ...result };
  }
  const facts = alertFactsOf(parsed);
  if (!facts) {
    deps.metrics.addMetric('EventsIgnored', MetricUnit.Count, 1);
    const reason = `${parsed.kind} event reports no failure`;
    deps.logger.info('Event ignored', { reason });
    return { outcome: 'ignored', reason };
  }
  const alert = completeAlert(facts, {
    environment: deps.config.platformEnv,
    runbookBaseUrl: deps.config.runbookBaseUrl,
  });
  return recordAndPublish(alert, deps, publish);
}

/**
 * A closed minute's metrics, in CloudWatch's embedded metric format, timestamped with the minute
 * itself (event time), so a dashboard shows traffic when it happened, not when it was counted.
 * Each breakdown value is its own EMF document: EMF gives a dimension one value per document.
 * Emitted once per minute, by the invocation that wrote the minute's summary.
 */
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { ACCESS_DIMENSIONS, TRAFFIC_METRICS } from '../../infra/aws/facts/traffic';
import type { MinuteSummary } from './minute-close';

const BREAKDOWNS: Record<(typeof ACCESS_DIMENSIONS)[number], keyof MinuteSummary> = {
  Device: 'devices',
  ContentType: 'contentTypes',
  Country: 'countries',
};

/**
 * Most values a breakdown reports per minute; the rest, and any value that is not a plain short
 * token, are reported as `other`. The values come from producers, so neither a typo nor a
 * hostile client can mint thousands of CloudWatch metrics.
 */
export const MAX_VALUES_PER_DIMENSION = 50;
const PLAIN_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;
const OTHER_VALUE = 'other';

/** The breakdown as it is reported: the busiest plain values, then `other`. */
export function reportedBreakdown(counts: Readonly<Record<string, number>>): [string, number][] {
  const plain = Object.entries(counts)
    .filter(([value]) => PLAIN_VALUE.test(value) && value !== OTHER_VALUE)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const kept = plain.slice(0, MAX_VALUES_PER_DIMENSION);
  const keptCount = kept.reduce((sum, [, count]) => sum + count, 0);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  return total > keptCount ? [...kept, [OTHER_VALUE, total - keptCount]] : kept;
}

/**
 * CloudWatch takes EMF datapoints from 14 days in the past to 2 hours ahead; a minute outside
 * that (a backlog or a replay of an old day) is not emitted, instead of a document CloudWatch
 * drops and a warning per minute.
 */
const OLDEST_MS = 14 * 86_400_000 - 3_600_000;
const NEWEST_MS = 2 * 3_600_000 - 60_000;

/** Emits the minute's metrics; false when the minute is outside what CloudWatch accepts. */
export function emitMinuteMetrics(metrics: Metrics, summary: MinuteSummary, now: number): boolean {
  if (summary.minute < now - OLDEST_MS || summary.minute > now + NEWEST_MS) return false;
  metrics.setTimestamp(summary.minute);
  metrics.addMetric(TRAFFIC_METRICS.requests, MetricUnit.Count, summary.requests);
  metrics.addMetric(TRAFFIC_METRICS.distinctClients, MetricUnit.Count, summary.distinctClients);
  metrics.addMetric(TRAFFIC_METRICS.accesses, MetricUnit.Count, summary.accesses);
  metrics.addMetric(TRAFFIC_METRICS.flaggedMinutes, MetricUnit.Count, summary.reason ? 1 : 0);
  metrics.publishStoredMetrics();
  for (const dimension of ACCESS_DIMENSIONS) {
    const counts = summary[BREAKDOWNS[dimension]] as Readonly<Record<string, number>>;
    for (const [value, count] of reportedBreakdown(counts)) {
      metrics.setTimestamp(summary.minute);
      metrics.addDimension(dimension, value);
      metrics.addMetric(TRAFFIC_METRICS.accesses, MetricUnit.Count, count);
      metrics.publishStoredMetrics();
    }
  }
  return true;
}

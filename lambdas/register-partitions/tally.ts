/**
 * What one invocation did, counted as it happens and published once at the end: a batch of a
 * thousand skipped objects makes one metric per reason, not a thousand.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SkipReason } from './partition-path';
import type { MetricsPort } from '../shared/ports';

export class RegistrationTally {
  records = 0;
  /** Distinct partitions the batch's objects lie in. */
  partitions = 0;
  registered = 0;
  knownFromCache = 0;
  /** Found by BatchGetPartition, or created by someone else first (AlreadyExists). */
  knownFromCatalog = 0;
  glueCalls = 0;
  /** Records failed (reported in batchItemFailures). */
  failures = 0;
  /** Of those, records no redelivery can fix. */
  permanentFailures = 0;
  readonly skipped = new Map<SkipReason, number>();

  skip(reason: SkipReason): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  get skippedTotal(): number {
    let total = 0;
    for (const count of this.skipped.values()) total += count;
    return total;
  }

  /** Writes the counts as metrics; dimensions tell cache from catalog and one skip from another. */
  publishTo(metrics: MetricsPort): void {
    metrics.addMetric('PartitionsRegistered', MetricUnit.Count, this.registered);
    metrics.addMetric('GlueCalls', MetricUnit.Count, this.glueCalls);
    metrics.addMetric('Failures', MetricUnit.Count, this.failures);
    metrics.addMetric('PermanentFailures', MetricUnit.Count, this.permanentFailures);
    for (const [source, count] of [
      ['cache', this.knownFromCache],
      ['catalog', this.knownFromCatalog],
    ] as const) {
      const metric = metrics.singleMetric();
      metric.addDimension('Source', source);
      metric.addMetric('PartitionsAlreadyKnown', MetricUnit.Count, count);
    }
    for (const [reason, count] of this.skipped) {
      const metric = metrics.singleMetric();
      metric.addDimension('Reason', reason);
      metric.addMetric('Skipped', MetricUnit.Count, count);
    }
  }
}

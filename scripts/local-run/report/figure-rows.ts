/**
 * The figures as table rows, one shape per section, so the terminal and the HTML page list the
 * same columns in the same order and format each value the same way.
 */
import type { Row } from '../../../lambdas/shared/warehouse/data-api';
import type { LocalRunFigures, RecommendationFigures, RecommendationGroupFigures } from './figures';
import { byteSize, count, milliseconds, percentage, seconds } from './format';

/** Columns whose cells are formatted measurements (`12.3 MiB`, `180 ms`): right-aligned. */
export const MEASUREMENT_COLUMNS = [
  'size',
  'time',
  'p50',
  'max',
  'API hit rate',
  'baseline hit rate',
] as const;

export function stepRows(figures: LocalRunFigures): Row[] {
  return figures.steps.map((step) => ({ step: step.name, time: seconds(step.seconds) }));
}

export function generatedRows(figures: LocalRunFigures): Row[] {
  return figures.generated.datasets.map((dataset) => ({
    dataset: dataset.dataset,
    objects: dataset.objects,
    records: dataset.records,
    size: byteSize(dataset.bytes),
    dirty: dataset.dirtyRecords,
    duplicates: dataset.duplicates,
  }));
}

export function streamRows(figures: LocalRunFigures): Row[] {
  return figures.stream.topics.map((topic) => ({
    topic: topic.topic,
    dataset: topic.dataset,
    produced: topic.produced,
    written: topic.written,
    rejected: topic.rejected,
    malformed: topic.malformed,
  }));
}

export function marketplaceRows(figures: LocalRunFigures): Row[] {
  return figures.marketplace.resources.map((resource) => ({
    resource: `POST /v1/${resource.resource}`,
    records: resource.records,
    accepted: resource.accepted,
    refused: resource.refused,
  }));
}

/** `quantity 14 · unit_price 10`: the fields the API named in its refusals. */
export function refusedFields(figures: LocalRunFigures): string {
  const entries = Object.entries(figures.marketplace.refusedByField);
  return entries.length === 0 ? 'none' : entries.map(([field, n]) => `${field} ${n}`).join(' · ');
}

/** `202 171 · 400 41`: the answers the client got. */
export function statusCounts(figures: LocalRunFigures): string {
  return Object.entries(figures.marketplace.statuses)
    .map(([status, n]) => `${status === '0' ? 'no answer' : status} ${n}`)
    .join(' · ');
}

/** The API and the baseline on the same customers: all of them, then by activity on the day. */
export function recommendationRows(judged: RecommendationFigures): Row[] {
  const row = (customers: string, group: RecommendationGroupFigures) => ({
    customers,
    judged: group.customers,
    'API hits': group.api.hits,
    'API hit rate': percentage(group.api.hitRate),
    'baseline hits': group.baseline.hits,
    'baseline hit rate': percentage(group.baseline.hitRate),
  });
  return [
    row('all with a next order', judged),
    row('active on the day', judged.activeOnDay),
    row('not active on the day', judged.notActiveOnDay),
  ];
}

/** Whether the API hit at least `target` times as often as the baseline. */
export function recommendationsMeetTarget(judged: RecommendationFigures): boolean {
  return judged.ratio !== null && judged.ratio >= judged.target;
}

/** `hit rate at 10: API 51.2 % · best sellers 18.1 % · 2.83× the baseline (target ≥ 2×, met)` */
export function recommendationVerdict(judged: RecommendationFigures): string {
  const ratio =
    judged.ratio === null
      ? 'no ratio (the baseline hit nothing)'
      : `${judged.ratio.toFixed(2)}× the baseline`;
  return (
    `hit rate at ${judged.limit}: API ${percentage(judged.api.hitRate)} · country best sellers ` +
    `${percentage(judged.baseline.hitRate)} · ${ratio} (target ≥ ${judged.target}×, ` +
    `${recommendationsMeetTarget(judged) ? 'met' : 'missed'})`
  );
}

/** `1,088 customers asked · answers personalised 1,021 · popular 67 · latency p50 12 ms · p99 48 ms` */
export function recommendationAnswers(judged: RecommendationFigures): string {
  return (
    `${count(judged.customers)} customers asked · answers personalised ${count(judged.strategies.personalised)} · ` +
    `popular ${count(judged.strategies.popular)} · latency p50 ${milliseconds(judged.latencyMs.p50)} · ` +
    `p99 ${milliseconds(judged.latencyMs.p99)}`
  );
}

/** The section's line when the run did not ask the API. */
export const RECOMMENDATIONS_NOT_MEASURED =
  'Not measured: this run did not ask the API for recommendations.';

export function partitionRows(figures: LocalRunFigures): Row[] {
  return figures.partitions.byTable.map((entry) => ({
    table: `${entry.database}.${entry.table}`,
    partitions: entry.partitions,
  }));
}

export function etlRows(figures: LocalRunFigures): Row[] {
  const withMessage = figures.etl.some((job) => job.message !== undefined);
  return figures.etl.map((job) => ({
    job: job.jobName,
    state: job.state,
    time: seconds(job.seconds),
    in: job.recordsIn,
    out: job.recordsOut,
    rejected: job.rejected,
    ...(withMessage && { message: job.message ?? '' }),
  }));
}

export function functionRows(figures: LocalRunFigures): Row[] {
  return figures.functions.map((fn) => ({
    function: fn.functionName,
    invocations: fn.invocations,
    cold: fn.coldStarts,
    errors: fn.errors,
    partial: fn.partialBatches,
    retries: fn.retries,
    timeouts: fn.timeouts,
    p50: milliseconds(fn.p50Ms),
    max: milliseconds(fn.maxMs),
  }));
}

export function alertRows(figures: LocalRunFigures): Row[] {
  return figures.alerts.items.map((alert) => ({
    subject: alert.subject,
    source: alert.source,
    summary: alert.summary,
  }));
}

export function reconcileRows(figures: LocalRunFigures): Row[] {
  return figures.reconcile.zones.map((zone) => ({
    zone: zone.zone,
    's3 objects': zone.s3Objects,
    'adls objects': zone.adlsObjects,
    missing: zone.missing,
    extra: zone.extra,
    different: zone.different,
  }));
}

/**
 * What the customer-model queries should answer, computed here from each customer's model output
 * (read with a plain SELECT of the prediction function) and their features, apart from the SQL:
 * the segment naming grid, the segment summary, the churn candidates' ranking, and the quality
 * figures (AUC, confusion matrix, adjusted Rand index) the e2e test holds the report to.
 */
import type { FeatureRow, TrainingRow } from './features-reference';

export const SEGMENT_NAMES = ['new', 'big_spender', 'lapsed', 'fading', 'loyal'] as const;
export type SegmentName = (typeof SEGMENT_NAMES)[number];

const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;
const overdueRatio = (row: FeatureRow) => row.recency_days / Math.max(row.mean_gap_days, 1);

/** The grid of sql/README.md, on a cluster's means. */
export function segmentOfCentroid(members: readonly FeatureRow[]): SegmentName {
  if (mean(members.map((row) => row.tenure_days)) < 90) return 'new';
  if (mean(members.map((row) => row.basket_pct)) > 0.8) return 'big_spender';
  if (mean(members.map((row) => row.recency_days)) > 60) return 'lapsed';
  if (mean(members.map(overdueRatio)) > 1.2) return 'fading';
  return 'loyal';
}

/** Each customer's segment, from the cluster the model put them in. */
export function segmentsOf(
  features: readonly FeatureRow[],
  clusterOf: ReadonlyMap<string, number>,
): Map<string, SegmentName> {
  const byCluster = new Map<number, FeatureRow[]>();
  for (const row of features) {
    const cluster = clusterOf.get(row.customer_id);
    if (cluster === undefined) throw new Error(`no cluster for ${row.customer_id}`);
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), row]);
  }
  const names = new Map(
    [...byCluster].map(([cluster, rows]) => [cluster, segmentOfCentroid(rows)]),
  );
  return new Map(
    features.map((row) => [row.customer_id, names.get(clusterOf.get(row.customer_id)!)!]),
  );
}

/** customer_segments' rows, rounded to 9 decimals (summation order differs from SQL's). */
export function segmentSummary(
  features: readonly FeatureRow[],
  clusterOf: ReadonlyMap<string, number>,
) {
  const segments = segmentsOf(features, clusterOf);
  const round = (value: number) => Math.round(value * 1e9) / 1e9;
  return SEGMENT_NAMES.map((segment) => {
    const rows = features.filter((row) => segments.get(row.customer_id) === segment);
    return {
      segment,
      customers: rows.length,
      clusters: new Set(rows.map((row) => clusterOf.get(row.customer_id))).size,
      mean_recency_days: round(mean(rows.map((row) => row.recency_days))),
      mean_tenure_days: round(mean(rows.map((row) => row.tenure_days))),
      mean_orders_90d: round(mean(rows.map((row) => row.orders_90d))),
      mean_basket_pct: round(mean(rows.map((row) => row.basket_pct))),
      mean_categories: round(mean(rows.map((row) => row.categories))),
      mean_overdue_ratio: round(mean(rows.map(overdueRatio))),
      mean_spend_pct: round(mean(rows.map((row) => row.spend_pct))),
    };
  })
    .filter((row) => row.customers > 0)
    .sort((a, b) => b.customers - a.customers || (a.segment < b.segment ? -1 : 1));
}

/** churn_candidates' customers in order, with their rank: active, at least `minRisk`, by risk × value. */
export function churnCandidateRanks(
  features: readonly FeatureRow[],
  riskOf: ReadonlyMap<string, number>,
  minRisk: number,
  topN: number,
): { customer_id: string; priority_rank: number }[] {
  const scored = features
    .filter((row) => row.recency_days < 90 && riskOf.get(row.customer_id)! >= minRisk)
    .map((row) => ({ id: row.customer_id, priority: riskOf.get(row.customer_id)! * row.spend_pct }))
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : 1));
  return scored
    .map((row) => ({
      customer_id: row.id,
      priority_rank: 1 + scored.filter((other) => other.priority > row.priority).length,
    }))
    .filter((row) => row.priority_rank <= topN);
}

/** The area under the ROC curve: the chance a positive outranks a negative, ties counted half. */
export function areaUnderCurve(scored: readonly { score: number; positive: boolean }[]): number {
  const positives = scored.filter((row) => row.positive).map((row) => row.score);
  const negatives = scored.filter((row) => !row.positive).map((row) => row.score);
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

/** churn_model_quality's row, from the held-out rows and their risks. */
export function churnModelQuality(
  heldOut: readonly TrainingRow[],
  riskOf: ReadonlyMap<string, number>,
  threshold: number,
) {
  const scored = heldOut.map((row) => ({
    score: riskOf.get(row.customer_id)!,
    positive: row.churned === 1,
  }));
  const count = (positive: boolean, predicted: boolean) =>
    scored.filter((row) => row.positive === positive && row.score >= threshold === predicted)
      .length;
  return {
    held_out: scored.length,
    churned: scored.filter((row) => row.positive).length,
    auc: areaUnderCurve(scored),
    true_positives: count(true, true),
    false_positives: count(false, true),
    true_negatives: count(false, false),
    false_negatives: count(true, false),
  };
}

/** The adjusted Rand index of two labellings of the same items (Hubert and Arabie). */
export function adjustedRandIndex(first: readonly string[], second: readonly string[]): number {
  const pairs = (n: number) => (n * (n - 1)) / 2;
  const tally = (keys: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return [...counts.values()];
  };
  const together = tally(first.map((label, index) => `${label}\u0000${second[index]}`));
  const sumCells = together.reduce((sum, n) => sum + pairs(n), 0);
  const sumFirst = tally(first).reduce((sum, n) => sum + pairs(n), 0);
  const sumSecond = tally(second).reduce((sum, n) => sum + pairs(n), 0);
  const expected = (sumFirst * sumSecond) / pairs(first.length);
  return (sumCells - expected) / ((sumFirst + sumSecond) / 2 - expected);
}

/**
 * How good the customer models are, against what the generator planted (which no query or model
 * reads): the churn model's risk ranks the customers who leave (a planted stop up to a month
 * after the day) above those who stay, measured on active customers the model never trained on,
 * and among them on those still buying at the day (who have not stopped yet: where a prediction
 * is worth something, and where recency alone says little); the named segments agree with the
 * planted behaviours (adjusted Rand index).
 */
import type { Row, WarehouseSession } from '../../../lambdas/shared/warehouse/data-api';
import type { PlantedCustomer } from '../../generate-data/customer-history';
import type { AnalyticsFigures, CustomerModelFigures } from '../report/figures';

/** The targets the models are held to. */
export const MODEL_TARGETS = { churnAuc: 0.85, segmentsAri: 0.6 } as const;
/** Risk from which a customer counts as predicted to leave, as churn_model_quality's default. */
const THRESHOLD = 0.5;
const DAY_MS = 86_400_000;

/**
 * The active customers of the day's snapshot that the churn model did not learn from: those held
 * out of churn_training, and those not in it at all (not yet active at its cut-off).
 */
const UNSEEN_ACTIVE_RISKS = `
SELECT features.customer_id, features.recency_days,
       ml.predict_churn(features.tenure_days, features.recency_days, features.orders,
         features.orders_30d, features.orders_90d, features.mean_gap_days, features.spend_pct,
         features.basket_pct, features.categories, features.sessions_30d,
         features.views_per_session_90d, features.cart_adds_90d, features.mobile_share_90d) AS churn_risk
FROM dw.fact_customer_features AS features
LEFT JOIN dw.fact_churn_training AS training
  ON training.as_of_date = features.as_of_date AND training.customer_id = features.customer_id
WHERE features.as_of_date = CAST(:day AS DATE)
  AND features.recency_days < 90
  AND (training.customer_id IS NULL OR training.holdout)`;

export async function customerModelFigures(
  session: WarehouseSession,
  analytics: AnalyticsFigures,
  planted: readonly PlantedCustomer[],
  day: string,
): Promise<CustomerModelFigures> {
  const byId = new Map(planted.map((customer) => [customer.customer_id, customer]));
  const plantedOf = (id: unknown): PlantedCustomer => {
    const customer = byId.get(String(id));
    if (customer === undefined)
      throw new Error(`customer ${String(id)} is not in the planted world`);
    return customer;
  };
  const horizon = new Date(Date.parse(`${day}T00:00:00Z`) + 30 * DAY_MS).toISOString().slice(0, 10);
  const leaves = (customer: PlantedCustomer) =>
    customer.stops_after !== undefined && customer.stops_after <= horizon;
  const stopped = (customer: PlantedCustomer) =>
    customer.stops_after !== undefined && customer.stops_after <= day;

  const scored = (await session.query(UNSEEN_ACTIVE_RISKS, { day })).map((row) => {
    const customer = plantedOf(row.customer_id);
    return {
      risk: Number(row.churn_risk),
      recency: Number(row.recency_days),
      leaves: leaves(customer),
      stillBuying: !stopped(customer),
    };
  });
  const buying = scored.filter((row) => row.stillBuying);
  const members = answerRows(analytics, 'customer_segment_members');
  return {
    churn: {
      customers: scored.length,
      leaving: scored.filter((row) => row.leaves).length,
      auc: rounded(rankAuc(scored.map((row) => [row.risk, row.leaves]))),
      stillBuying: {
        customers: buying.length,
        leaving: buying.filter((row) => row.leaves).length,
        auc: rounded(rankAuc(buying.map((row) => [row.risk, row.leaves]))),
        recencyAuc: rounded(rankAuc(buying.map((row) => [row.recency, row.leaves]))),
      },
      threshold: THRESHOLD,
      confusion: {
        truePositives: scored.filter((row) => row.leaves && row.risk >= THRESHOLD).length,
        falsePositives: scored.filter((row) => !row.leaves && row.risk >= THRESHOLD).length,
        trueNegatives: scored.filter((row) => !row.leaves && row.risk < THRESHOLD).length,
        falseNegatives: scored.filter((row) => row.leaves && row.risk < THRESHOLD).length,
      },
      target: MODEL_TARGETS.churnAuc,
    },
    segments: {
      customers: members.length,
      ari: rounded(
        randIndexAdjusted(
          members.map((row) => String(row.segment)),
          members.map((row) => plantedOf(row.customer_id).behaviour),
        ),
      ),
      target: MODEL_TARGETS.segmentsAri,
    },
  };
}

function answerRows(analytics: AnalyticsFigures, name: string): readonly Row[] {
  const query = analytics.queries.find((each) => each.name === name);
  if (query === undefined) throw new Error(`no answer to ${name}`);
  return query.rows;
}

/** Mann-Whitney: average ranks over ties, the positives' rank sum against its minimum. */
function rankAuc(scored: readonly (readonly [score: number, positive: boolean])[]): number {
  const sorted = [...scored].sort((a, b) => a[0] - b[0]);
  let positives = 0;
  let rankSum = 0;
  for (let start = 0; start < sorted.length;) {
    let end = start;
    while (end < sorted.length && sorted[end]![0] === sorted[start]![0]) end += 1;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index += 1)
      if (sorted[index]![1]) {
        positives += 1;
        rankSum += averageRank;
      }
    start = end;
  }
  const negatives = sorted.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Adjusted Rand index from the contingency table of the two labellings. */
function randIndexAdjusted(labels: readonly string[], truth: readonly string[]): number {
  const choose2 = (n: number) => (n * (n - 1)) / 2;
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const columns = new Map<string, number>();
  labels.forEach((label, index) => {
    const other = truth[index]!;
    cells.set(`${label}|${other}`, (cells.get(`${label}|${other}`) ?? 0) + 1);
    rows.set(label, (rows.get(label) ?? 0) + 1);
    columns.set(other, (columns.get(other) ?? 0) + 1);
  });
  const sum = (counts: Map<string, number>) =>
    [...counts.values()].reduce((total, n) => total + choose2(n), 0);
  const index = sum(cells);
  const expected = (sum(rows) * sum(columns)) / choose2(labels.length);
  const maximum = (sum(rows) + sum(columns)) / 2;
  return (index - expected) / (maximum - expected);
}

/** Four decimals; null for a measure the data leaves undefined (no positives, one customer). */
function rounded(value: number): number | null {
  return Number.isFinite(value) ? Math.round(value * 10_000) / 10_000 : null;
}

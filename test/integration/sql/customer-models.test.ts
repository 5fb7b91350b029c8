import '../../../scripts/shared/aws-sdk-node-notice';
import { S3Client } from '@aws-sdk/client-s3';
import { loadPlatform } from '../../../infra/platform';
import { loadMigrations, migrate } from '../../../lambdas/shared/warehouse/migrations';
import {
  planModels,
  trainModels,
  waitForModels,
  type PlannedModel,
} from '../../../lambdas/shared/warehouse/models';
import { generateDay } from '../../../scripts/generate-data/generate-day';
import { useLocalCloud } from '../../fixtures/localcloud';
import {
  churnTraining,
  customerFeatures,
  type FeatureRow,
  type TrainingRow,
} from './features-reference';
import {
  churnCandidateRanks,
  churnModelQuality,
  segmentSummary,
  segmentsOf,
} from './model-reference';
import {
  MIGRATIONS_DIRECTORY,
  SQL_DIRECTORY,
  openWarehouse,
  putCuratedSnapshots,
  runQuery,
  type LocalWarehouse,
} from './warehouse-lake';
import { CreateBucketCommand } from '@aws-sdk/client-s3';

// The queries only read: one warehouse with its models serves every test of the file.
const cloud = useLocalCloud({}, { resetBeforeEach: false });
const DAY = '2026-03-02';
const MODEL_VARIABLES = {
  ML_ROLE_ARN: 'arn:aws:iam::000000000000:role/hybrid-lake-dev-warehouse-ml',
  ML_BUCKET: 'hybrid-lake-dev-warehouse-ml-000000000000-us-east-1',
  ML_KMS_KEY_ID: 'arn:aws:kms:us-east-1:000000000000:key/local',
};
let warehouse: LocalWarehouse;
let plan: PlannedModel[];
let features: FeatureRow[];
let training: TrainingRow[];

const number = (value: unknown) => Number(value);
const round = (value: number) => Math.round(value * 1e9) / 1e9;

beforeAll(async () => {
  const { truth } = generateDay({
    platform: loadPlatform('dev'),
    seed: 5,
    day: DAY,
    size: 'small',
    historyDays: 120,
  });
  const transactions = [...truth.history.transactions, ...truth.transactions];
  const interactions = [...truth.history.interactions, ...truth.interactions];
  features = customerFeatures(transactions, interactions, DAY);
  training = churnTraining(transactions, interactions, DAY);

  warehouse = openWarehouse(cloud());
  const s3 = new S3Client(cloud().clientConfig);
  for (const bucket of [warehouse.cleanBucket, warehouse.curatedBucket])
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await putCuratedSnapshots(s3, warehouse.curatedBucket, 'customer_features', features);
  await putCuratedSnapshots(s3, warehouse.curatedBucket, 'churn_training', training);
  await migrate(warehouse.session, loadMigrations(MIGRATIONS_DIRECTORY));
  await warehouse.runDay(DAY);

  plan = planModels(SQL_DIRECTORY, MODEL_VARIABLES);
  await trainModels(warehouse.session, plan, { retrain: false });
  await waitForModels(
    warehouse.session,
    plan.map((model) => model.model),
    { timeoutMs: 60_000, pollMs: 100 },
  );
});

/** Each customer's churn risk, read with the model's function. */
async function risks(table: 'dw.fact_customer_features' | 'dw.fact_churn_training') {
  const rows = await warehouse.session.query(
    `SELECT customer_id, ml.predict_churn(tenure_days, recency_days, orders, orders_30d,
       orders_90d, mean_gap_days, spend_pct, basket_pct, categories, sessions_30d,
       views_per_session_90d, cart_adds_90d, mobile_share_90d) AS risk
     FROM ${table}`,
  );
  return new Map(rows.map((row) => [String(row.customer_id), number(row.risk)]));
}

describe('the customer models (sql/models) and the queries that call them', () => {
  it('trains both models from sql/models, and keeps them on a run that does not retrain', async () => {
    expect(plan.map(({ file, model }) => [file, `${model.schema}.${model.name}`])).toEqual([
      ['models/churn.sql', 'ml.customer_churn'],
      ['models/segments.sql', 'ml.customer_segments'],
    ]);

    const again = await trainModels(warehouse.session, plan, { retrain: false });

    expect(again.map((report) => report.status)).toEqual(['kept', 'kept']);
    // The churn model learned from the newest snapshot's rows without the held-out customers.
    const shown = await warehouse.session.query('SHOW MODEL ml.customer_churn');
    const trainRows = shown.find((row) => row.Key === 'train:rows')?.Value;
    expect(Number(trainRows)).toBe(training.filter((row) => !row.holdout).length);
  });

  it('churn_model_quality measures the held-out customers as computed from their risks', async () => {
    const heldOut = training.filter((row) => row.holdout);
    const expected = churnModelQuality(heldOut, await risks('dw.fact_churn_training'), 0.5);

    const [row] = await runQuery(warehouse, 'churn_model_quality');

    expect({ ...row, auc: round(number(row?.auc)) }).toEqual({
      ...expected,
      auc: round(expected.auc),
    });
    // Both labels occur among the held-out customers, so the area is defined.
    expect(expected.churned).toBeGreaterThan(0);
    expect(expected.held_out - expected.churned).toBeGreaterThan(0);
  });

  it('churn_candidates ranks active customers at risk by risk times value', async () => {
    const riskOf = await risks('dw.fact_customer_features');

    const rows = await runQuery(warehouse, 'churn_candidates', { top_n: '40', min_risk: '0.3' });

    expect(
      rows.map((row) => ({
        customer_id: row.customer_id,
        priority_rank: number(row.priority_rank),
      })),
    ).toEqual(churnCandidateRanks(features, riskOf, 0.3, 40));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(number(row.churn_risk)).toBe(riskOf.get(String(row.customer_id)));
      expect(number(row.recency_days)).toBeLessThan(90);
    }
  });

  it('customer_segments and customer_segment_members name the clusters from their centroids', async () => {
    const assigned = await warehouse.session.query(
      `SELECT customer_id, ml.predict_segment(recency_days, tenure_days, orders_90d, spend_pct,
         basket_pct, categories, overdue_log, recent_order_share) AS cluster
       FROM ml.segment_features`,
    );
    const clusterOf = new Map(
      assigned.map((row) => [String(row.customer_id), number(row.cluster)]),
    );
    expect(new Set(clusterOf.values()).size).toBe(10);

    const summary = await runQuery(warehouse, 'customer_segments');
    const members = await runQuery(warehouse, 'customer_segment_members');
    const lapsed = await runQuery(warehouse, 'customer_segment_members', { segment: 'lapsed' });

    expect(
      summary.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([key, value]) => [
            key,
            typeof value === 'number' && !Number.isInteger(value) ? round(value) : value,
          ]),
        ),
      ),
    ).toEqual(segmentSummary(features, clusterOf));
    const segments = segmentsOf(features, clusterOf);
    expect(members).toHaveLength(features.length);
    for (const row of members)
      expect([row.customer_id, row.segment]).toEqual([
        row.customer_id,
        segments.get(String(row.customer_id)),
      ]);
    expect(lapsed.map((row) => row.customer_id).sort()).toEqual(
      [...segments]
        .filter(([, segment]) => segment === 'lapsed')
        .map(([id]) => id)
        .sort(),
    );
  });
});

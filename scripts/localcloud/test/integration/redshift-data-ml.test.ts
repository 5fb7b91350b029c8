import {
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
  type DescribeStatementCommandOutput,
} from '@aws-sdk/client-redshift-data';
import { useLocalCloud } from '../use-local-cloud';

const cloud = useLocalCloud();
const target = { WorkgroupName: 'analytics', Database: 'dev' } as const;
const client = (): RedshiftDataClient => new RedshiftDataClient(cloud().clientConfig);

beforeEach(() => cloud().services.redshiftData.createWorkgroup(target.WorkgroupName));

async function run(sql: string): Promise<DescribeStatementCommandOutput> {
  const { Id } = await client().send(new ExecuteStatementCommand({ ...target, Sql: sql }));
  for (;;) {
    const described = await client().send(new DescribeStatementCommand({ Id, WaitTimeSeconds: 5 }));
    if (['FINISHED', 'FAILED', 'ABORTED'].includes(described.Status ?? '')) return described;
  }
}

async function ok(sql: string): Promise<DescribeStatementCommandOutput> {
  const described = await run(sql);
  expect({ status: described.Status, error: described.Error }).toEqual({
    status: 'FINISHED',
    error: undefined,
  });
  return described;
}

async function rows(sql: string): Promise<(string | number | boolean | null)[][]> {
  const described = await ok(sql);
  const result = await client().send(new GetStatementResultCommand({ Id: described.Id }));
  return (result.Records ?? []).map((record) =>
    record.map(
      (field) =>
        field.doubleValue ?? field.longValue ?? field.booleanValue ?? field.stringValue ?? null,
    ),
  );
}

/** 600 customers, two features, labelled by a rule with 10 % of the labels flipped. */
const TRAINING = `CREATE TABLE ml.train AS
  SELECT n AS id,
         (n * 37 % 101) / 100.0 AS x1,
         (n * 53 % 97) / 96.0 AS x2,
         CASE WHEN ((n * 37 % 101) / 100.0 + (n * 53 % 97) / 96.0 > 1) <> (n % 10 = 0) THEN 1 ELSE 0 END AS label
  FROM generate_series(1, 600) AS n`;

const SETTINGS = `SETTINGS (S3_BUCKET 'ml-bucket', KMS_KEY_ID 'arn:aws:kms:us-east-1:000000000000:key/1')`;

function churnModel(
  objective: string,
  name = 'churn',
  label = 'CAST(label AS FLOAT8) AS label',
): string {
  return `CREATE MODEL ml.${name}
    FROM (SELECT x1, x2, ${label} FROM ml.train)
    TARGET label
    FUNCTION predict_${name}
    IAM_ROLE 'arn:aws:iam::000000000000:role/ml'
    AUTO OFF
    MODEL_TYPE XGBOOST
    OBJECTIVE '${objective}'
    PREPROCESSORS 'none'
    HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '10', MAX_DEPTH '4')
    ${SETTINGS}`;
}

/** Rank AUC, ties counted half. */
function auc(scored: readonly [number, number][]): number {
  const positives = scored.filter(([, label]) => label === 1);
  const negatives = scored.filter(([, label]) => label === 0);
  let wins = 0;
  for (const [p] of positives) for (const [n] of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

describe('Redshift ML on the local Data API', () => {
  beforeEach(async () => {
    await ok('CREATE SCHEMA ml');
    await ok(TRAINING);
  });

  it('trains a churn-style classifier whose function gives probabilities that rank the labels', async () => {
    await ok(churnModel('reg:logistic'));

    const scored = await rows('SELECT ml.predict_churn(x1, x2), label FROM ml.train');
    expect(scored).toHaveLength(600);
    const pairs = scored.map(
      ([score, label]) => [Number(score), Number(label)] as [number, number],
    );
    expect(pairs.every(([score]) => score >= 0 && score <= 1)).toBe(true);
    // The rule is learnable; the flipped labels keep it from being perfect.
    expect(auc(pairs)).toBeGreaterThan(0.85);
    expect(auc(pairs)).toBeLessThan(1);
    // A clear case of the rule, asked on its own.
    const [row] = await rows('SELECT ml.predict_churn(0.9, 0.8)');
    expect(Number(row?.[0])).toBeGreaterThan(0.5);
  });

  it('returns the TARGET column type, as Redshift does: an integer label rounds the probability', async () => {
    await ok(churnModel('reg:logistic', 'rounded', 'label'));

    const values = await rows(
      'SELECT DISTINCT ml.predict_rounded(x1, x2) FROM ml.train ORDER BY 1',
    );
    expect(values).toEqual([[0], [1]]);
    const shown = Object.fromEntries((await rows('SHOW MODEL ml.rounded')) as [string, string][]);
    expect(shown['train:rows']).toBe('600');
  });

  it('gives the class with binary:logistic', async () => {
    await ok(churnModel('binary:logistic', 'churn_class'));

    const classes = await rows(
      'SELECT DISTINCT ml.predict_churn_class(x1, x2) FROM ml.train ORDER BY 1',
    );
    expect(classes).toEqual([[0], [1]]);
  });

  it('clusters with KMEANS on standardised columns, 0-based, the same cluster for each blob', async () => {
    await ok(`CREATE TABLE ml.points AS
      SELECT n, blob, blob * 10 + (n % 7) / 10.0 AS a, blob * 1000 + (n % 5) AS b
      FROM generate_series(1, 90) AS n, (VALUES (0), (1), (2)) AS blobs(blob)`);
    await ok(`CREATE MODEL ml.groups
      FROM (SELECT a, b FROM ml.points)
      FUNCTION assign_group
      IAM_ROLE default
      AUTO OFF
      MODEL_TYPE KMEANS
      PREPROCESSORS '[{"ColumnSet": ["a", "b"], "Transformers": ["StandardScaler"]}]'
      HYPERPARAMETERS DEFAULT EXCEPT (K '3')
      ${SETTINGS}`);

    const assigned = await rows(
      `SELECT blob, MIN(ml.assign_group(a, b)), MAX(ml.assign_group(a, b))
       FROM ml.points GROUP BY blob ORDER BY blob`,
    );
    expect(assigned.map(([, low, high]) => low === high)).toEqual([true, true, true]);
    expect(new Set(assigned.map(([, cluster]) => cluster))).toEqual(new Set([0, 1, 2]));
    expect(await rows('SELECT ml.assign_group(NULL, 1)')).toEqual([[null]]);
  });

  it('lists the model in SHOW MODEL and svv_ml_model_info, and DROP MODEL removes it with its function', async () => {
    await ok(churnModel('reg:logistic'));

    const shown = Object.fromEntries((await rows('SHOW MODEL ml.churn')) as [string, string][]);
    expect(shown).toMatchObject({
      'Model Name': 'churn',
      'Schema Name': 'ml',
      'Model State': 'READY',
      'Model Type': 'xgboost',
      'Target Column': 'label',
      'Function Name': 'predict_churn',
      'Function Parameters': 'x1 x2',
      objective: 'reg:logistic',
      num_round: '10',
      'S3 Bucket': 'ml-bucket',
    });
    expect(await rows('SHOW MODEL ALL')).toEqual([['ml', 'churn']]);
    expect(
      await rows('SELECT schema_name, model_name, model_state FROM svv_ml_model_info'),
    ).toEqual([['ml', 'churn', 'Model is Ready']]);

    await ok('DROP MODEL ml.churn');

    expect(await rows('SELECT COUNT(*) FROM svv_ml_model_info')).toEqual([[0]]);
    const call = await run('SELECT ml.predict_churn(0.1, 0.2)');
    expect(call.Status).toBe('FAILED');
    expect(call.Error).toMatch(/function ml\.predict_churn\(numeric, numeric\) does not exist/);
    await ok('DROP MODEL IF EXISTS ml.churn');
    expect((await run('DROP MODEL ml.churn')).Error).toBe('ERROR: Model "ml.churn" does not exist');
  });

  it('grants CREATE MODEL and EXECUTE ON MODEL to existing roles only', async () => {
    await ok('CREATE ROLE modellers');
    await ok('GRANT CREATE MODEL TO ROLE modellers');
    await ok(churnModel('reg:logistic'));
    await ok('GRANT EXECUTE ON MODEL ml.churn TO ROLE modellers, PUBLIC');
    await ok('REVOKE EXECUTE ON MODEL ml.churn FROM ROLE modellers');

    expect((await run('GRANT CREATE MODEL TO ROLE nobody')).Error).toBe(
      'ERROR: role "nobody" does not exist',
    );
    expect((await run('GRANT EXECUTE ON MODEL ml.other TO ROLE modellers')).Error).toBe(
      'ERROR: Model "ml.other" does not exist',
    );
  });

  it('refuses a second model of the same name, and a label that is not 0 or 1', async () => {
    await ok(churnModel('reg:logistic'));
    expect((await run(churnModel('reg:logistic'))).Error).toBe(
      'ERROR: Model "ml.churn" already exists',
    );
    const badLabel = await run(
      churnModel('reg:logistic', 'other', 'label').replace('TARGET label', 'TARGET x2'),
    );
    expect(badLabel.Error).toMatch(/TARGET "x2" must be 0 or 1/);
  });

  it.each([
    [
      'AUTO ON',
      churnModel('reg:logistic').replace('AUTO OFF', 'AUTO ON'),
      /AUTO ON is not supported/,
    ],
    [
      'clauses out of order',
      churnModel('reg:logistic').replace(
        "PREPROCESSORS 'none'\n    HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '10', MAX_DEPTH '4')",
        "HYPERPARAMETERS DEFAULT EXCEPT (NUM_ROUND '10', MAX_DEPTH '4')\n    PREPROCESSORS 'none'",
      ),
      /PREPROCESSORS must come before HYPERPARAMETERS/,
    ],
    [
      'an objective it cannot predict with',
      churnModel('reg:squarederror'),
      /OBJECTIVE reg:squarederror/,
    ],
    [
      'KMEANS without K',
      churnModel('reg:logistic').replace('MODEL_TYPE XGBOOST', 'MODEL_TYPE KMEANS'),
      /KMEANS takes no TARGET/,
    ],
  ])('refuses %s at submission', async (_case, sql, message) => {
    await expect(
      client().send(new ExecuteStatementCommand({ ...target, Sql: sql })),
    ).rejects.toThrow(message);
  });
});

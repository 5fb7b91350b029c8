import type { Row, WarehouseSession } from '../../../../../lambdas/shared/warehouse/data-api';
import { EltInputError } from '../../../../../lambdas/shared/warehouse/errors';
import {
  ModelFailedError,
  modelsOf,
  planModels,
  waitForModels,
} from '../../../../../lambdas/shared/warehouse/models';
import { useSqlFolder } from '../../../../fixtures/sql-folder';

const sql = useSqlFolder();
const VARIABLES = {
  ML_ROLE_ARN: 'arn:aws:iam::123456789012:role/ml',
  ML_BUCKET: 'ml-bucket',
  ML_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/k',
};
const MODEL = `-- a model
DROP MODEL IF EXISTS ml.groups;
CREATE MODEL ml.groups FROM (SELECT a, b FROM t) FUNCTION g IAM_ROLE '{{ML_ROLE_ARN}}'
AUTO OFF MODEL_TYPE KMEANS PREPROCESSORS 'none' HYPERPARAMETERS DEFAULT EXCEPT (K '2')
SETTINGS (S3_BUCKET '{{ML_BUCKET}}', KMS_KEY_ID '{{ ML_KMS_KEY_ID }}');`;

/** A session whose SHOW MODEL answers the given states in turn. */
function showing(...states: string[]): WarehouseSession {
  const queue = [...states];
  return {
    query: (): Promise<Row[]> =>
      Promise.resolve([
        { Key: 'Model Name', Value: 'groups' },
        { Key: 'Model State', Value: queue.length > 1 ? queue.shift()! : queue[0]! },
      ]),
  } as unknown as WarehouseSession;
}

describe('planModels', () => {
  it('reads each model file, its model, and its statements with the placeholders filled', () => {
    sql().write({ 'models/groups.sql': MODEL, 'models/notes.txt': 'not a model' });

    const [plan] = planModels(sql().root, VARIABLES);

    expect(plan).toMatchObject({
      file: 'models/groups.sql',
      model: { schema: 'ml', name: 'groups' },
    });
    expect(plan?.statements).toHaveLength(2);
    expect(plan?.statements[1]).toContain("IAM_ROLE 'arn:aws:iam::123456789012:role/ml'");
    expect(plan?.statements[1]).toContain("KMS_KEY_ID 'arn:aws:kms:eu-west-1:123456789012:key/k'");
    expect(modelsOf(sql().root)).toEqual([{ schema: 'ml', name: 'groups' }]);
  });

  it('has nothing to plan without a models folder', () => {
    sql().write({ 'loads/01.sql': 'SELECT 1;' });
    expect(planModels(sql().root, VARIABLES)).toEqual([]);
  });

  it.each([
    [{ 'models/a.sql': 'SELECT 1;' }, VARIABLES, /no CREATE MODEL <schema>.<name>/],
    [
      { 'models/a.sql': MODEL.replace('{{ML_BUCKET}}', '{{BUCKET}}') },
      VARIABLES,
      /unknown placeholder \{\{BUCKET\}\}/,
    ],
    [
      { 'models/a.sql': MODEL },
      { ...VARIABLES, ML_BUCKET: "b'; DROP TABLE t; --" },
      /ML_BUCKET is empty or holds a quote/,
    ],
    [{ 'models/a.sql': MODEL }, { ...VARIABLES, ML_ROLE_ARN: '' }, /ML_ROLE_ARN is empty/],
  ])('refuses %#', (files, variables, message) => {
    sql().write(files);
    expect(() => planModels(sql().root, variables)).toThrow(EltInputError);
    expect(() => planModels(sql().root, variables)).toThrow(message);
  });
});

describe('waitForModels', () => {
  const model = { schema: 'ml', name: 'groups' };

  it('returns once SHOW MODEL says READY', async () => {
    await expect(
      waitForModels(showing('TRAINING', 'TRAINING', 'READY'), [model], {
        timeoutMs: 5000,
        pollMs: 1,
      }),
    ).resolves.toBeUndefined();
  });

  it('fails on FAILED, and when the time runs out', async () => {
    await expect(
      waitForModels(showing('TRAINING', 'FAILED'), [model], { timeoutMs: 5000, pollMs: 1 }),
    ).rejects.toThrow(
      new ModelFailedError('model ml.groups FAILED to train (SHOW MODEL gives the reason)'),
    );
    await expect(
      waitForModels(showing('TRAINING'), [model], { timeoutMs: 20, pollMs: 5 }),
    ).rejects.toThrow(/still TRAINING after 20 ms/);
  });
});

import type { Row, WarehouseSession } from '../../../../../lambdas/shared/warehouse/data-api';
import { EltInputError } from '../../../../../lambdas/shared/warehouse/errors';
import {
  ModelFailedError,
  modelsOf,
  planModels,
  trainModels,
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

/** A session where the model exists and SHOW MODEL answers the given states in turn. */
function showing(...states: string[]): WarehouseSession {
  const queue = [...states];
  return {
    query: (sql: string): Promise<Row[]> =>
      Promise.resolve(
        sql.includes('svv_ml_model_info')
          ? [{ models: 1 }]
          : [
              { Key: 'Model Name', Value: 'groups' },
              { Key: 'Model State', Value: queue.length > 1 ? queue.shift()! : queue[0]! },
            ],
      ),
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

describe('trainModels', () => {
  it('trains a FAILED model again (its DROP MODEL removes it first), and keeps a READY one', async () => {
    sql().write({ 'models/groups.sql': MODEL });
    const [plan] = planModels(sql().root, VARIABLES);
    const executed: string[] = [];
    const session = (state: string) =>
      ({
        ...showing(state),
        execute: (statement: string) => {
          executed.push(statement);
          return Promise.resolve({ id: 'x', statements: [] });
        },
      }) as unknown as WarehouseSession;

    const failed = await trainModels(session('FAILED'), [plan!], { retrain: false });
    const ready = await trainModels(session('READY'), [plan!], { retrain: false });

    expect(failed).toEqual([
      { file: 'models/groups.sql', model: 'ml.groups', status: 'trained', found: 'FAILED' },
    ]);
    expect(ready).toEqual([
      { file: 'models/groups.sql', model: 'ml.groups', status: 'kept', found: 'READY' },
    ]);
    expect(executed).toEqual(plan!.statements);
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

  it('waits on a state it does not know, as on TRAINING', async () => {
    await expect(
      waitForModels(showing('EXPORTING', 'READY'), [model], { timeoutMs: 5000, pollMs: 1 }),
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

/**
 * The customer models (`sql/models/*.sql`, one model per file: `DROP MODEL IF EXISTS` then
 * `CREATE MODEL`). Each statement runs on its own, never in a batch: DROP MODEL commits at once,
 * and CREATE MODEL starts an export and a SageMaker training job that no rollback would undo.
 * CREATE MODEL returns once the training data is exported; the model trains in the background
 * (state TRAINING, its function refuses to run) until it is READY or FAILED, which
 * `waitForModels` polls for.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WarehouseSession } from './data-api';
import { EltInputError } from './errors';
import { substitutePlaceholders } from './elt';
import { splitStatements } from './sql-statements';

/** The placeholders a model file may use: where and as whom Redshift ML trains. */
export const MODEL_PLACEHOLDERS = ['ML_ROLE_ARN', 'ML_BUCKET', 'ML_KMS_KEY_ID'] as const;
export type ModelVariable = (typeof MODEL_PLACEHOLDERS)[number];

export interface ModelName {
  readonly schema: string;
  readonly name: string;
}

export interface PlannedModel {
  /** `models/churn.sql` */
  readonly file: string;
  readonly model: ModelName;
  readonly statements: readonly string[];
}

/** SHOW MODEL's `Model State`, or ABSENT when there is no such model. */
export type ModelState = 'READY' | 'TRAINING' | 'FAILED' | 'ABSENT';

export interface ModelTrainingReport {
  readonly file: string;
  readonly model: string;
  /** trained: the file ran (the model trains); kept: it exists and retraining was not asked. */
  readonly status: 'trained' | 'kept';
  /** The state the run found the model in. */
  readonly found: ModelState;
}

export class ModelFailedError extends Error {
  override readonly name = 'ModelFailedError';
}

const CREATE_MODEL = /\bCREATE\s+MODEL\s+([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)/i;

/** A model file's text and the model its CREATE MODEL names. */
function readModelFile(sqlDirectory: string, file: string): { text: string; model: ModelName } {
  const text = readFileSync(join(sqlDirectory, file), 'utf8');
  const match = CREATE_MODEL.exec(text);
  if (!match)
    throw new EltInputError(`${file}: no CREATE MODEL <schema>.<name> (one model per file)`);
  return { text, model: { schema: match[1]!.toLowerCase(), name: match[2]!.toLowerCase() } };
}

/** Reads and checks every model file; throws before anything runs if one is unusable. */
export function planModels(
  sqlDirectory: string,
  variables: Readonly<Record<ModelVariable, string>>,
): PlannedModel[] {
  for (const [name, value] of Object.entries(variables)) {
    // Values land inside quoted SQL literals; a quote or `;` there would change the statement.
    if (value === '' || /['";\\]/.test(value))
      throw new EltInputError(
        `The value of ${name} is empty or holds a quote, backslash or semicolon`,
      );
  }
  return modelFiles(sqlDirectory).map((file) => {
    const { text, model } = readModelFile(sqlDirectory, file);
    const statements = splitStatements(text).map((statement) =>
      substitutePlaceholders(statement, variables, file, MODEL_PLACEHOLDERS),
    );
    return { file, model, statements };
  });
}

/** The models the files of `sql/models` create, in file order. */
export function modelsOf(sqlDirectory: string): ModelName[] {
  return modelFiles(sqlDirectory).map((file) => readModelFile(sqlDirectory, file).model);
}

/** Whether the model exists (in any state). */
async function modelExists(session: WarehouseSession, model: ModelName): Promise<boolean> {
  // svv_ml_model_info's names are CHAR(128): blank-padded.
  const rows = await session.query(
    `SELECT COUNT(*) AS models FROM svv_ml_model_info
     WHERE TRIM(schema_name) = :schema AND TRIM(model_name) = :model`,
    { schema: model.schema, model: model.name },
  );
  return Number(rows[0]?.models ?? 0) > 0;
}

/**
 * Runs each model file whose model is missing or FAILED (a failed model cannot be retrained in
 * place: the file's DROP MODEL removes it), or every one with `retrain`. Returns at once: the
 * models train in the background.
 */
export async function trainModels(
  session: WarehouseSession,
  plan: readonly PlannedModel[],
  options: { readonly retrain: boolean },
): Promise<ModelTrainingReport[]> {
  const reports: ModelTrainingReport[] = [];
  for (const { file, model, statements } of plan) {
    const qualified = `${model.schema}.${model.name}`;
    const found = await modelState(session, model);
    if (!options.retrain && found !== 'ABSENT' && found !== 'FAILED') {
      reports.push({ file, model: qualified, status: 'kept', found });
      continue;
    }
    for (const statement of statements) await session.execute(statement);
    reports.push({ file, model: qualified, status: 'trained', found });
  }
  return reports;
}

/**
 * The `Model State` row of SHOW MODEL, or ABSENT. A state this code does not know is taken as
 * TRAINING: waiting on it is safe, retraining it is not.
 */
export async function modelState(session: WarehouseSession, model: ModelName): Promise<ModelState> {
  if (!(await modelExists(session, model))) return 'ABSENT';
  const rows = await session.query(`SHOW MODEL ${model.schema}.${model.name}`);
  const entries = new Map(
    rows.map((row) => [String(row.Key ?? row.key), String(row.Value ?? row.value)]),
  );
  const state = entries.get('Model State')?.trim().toUpperCase();
  return state === 'READY' || state === 'FAILED' ? state : 'TRAINING';
}

/**
 * Waits until every model is READY.
 * @throws ModelFailedError when one FAILED (drop it and train again) or the time runs out
 */
export async function waitForModels(
  session: WarehouseSession,
  models: readonly ModelName[],
  options: { readonly timeoutMs: number; readonly pollMs: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (const model of models) {
    for (;;) {
      const state = await modelState(session, model);
      if (state === 'READY') break;
      if (state === 'ABSENT')
        throw new ModelFailedError(`model ${model.schema}.${model.name} does not exist`);
      if (state === 'FAILED')
        throw new ModelFailedError(
          `model ${model.schema}.${model.name} FAILED to train (SHOW MODEL gives the reason)`,
        );
      if (Date.now() > deadline)
        throw new ModelFailedError(
          `model ${model.schema}.${model.name} still TRAINING after ${options.timeoutMs} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
  }
}

/** `.sql` files of `<directory>/models`, by name, as `models/<file>`; none when the folder is absent. */
function modelFiles(directory: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(join(directory, 'models'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => `models/${name}`);
}

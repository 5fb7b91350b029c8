/**
 * CREATE, DROP and SHOW MODEL on a local database. Models live in a catalog table of the schema
 * `localcloud_ml`, which also holds `svv_ml_model_info` (on the search path, so it is read as on
 * Redshift Serverless). CREATE MODEL runs the training query, trains in a worker thread, and
 * creates the prediction function before it returns: on Redshift the statement returns once the
 * data is exported and the model trains in the background (state TRAINING), so callers poll the
 * model's state either way.
 */
import { runStatement, type PgResult } from '../pg-wire';
import { translateRedshiftSql } from '../sql/translate';
import type { CreateModel, ModelName, ModelStatement } from './model-statement';
import {
  forestFunction,
  functionSignature,
  kmeansFunction,
  labelType,
  type ColumnScaling,
} from './prediction-sql';
import { ModelTrainingError, trainForest, trainKmeans } from './training';
import type { PgConnection } from '../pg-connection';

export const MODEL_CATALOG_SCHEMA = 'localcloud_ml';

/** Creates the catalog (run on every fresh or wiped database, before anything else). */
export const MODEL_CATALOG_SETUP = `
CREATE SCHEMA IF NOT EXISTS ${MODEL_CATALOG_SCHEMA};
CREATE TABLE IF NOT EXISTS ${MODEL_CATALOG_SCHEMA}.models (
  schema_name varchar(127) NOT NULL,
  model_name varchar(127) NOT NULL,
  signature text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(),
  details jsonb NOT NULL,
  PRIMARY KEY (schema_name, model_name)
);
CREATE OR REPLACE VIEW ${MODEL_CATALOG_SCHEMA}.svv_ml_model_info AS
SELECT CAST(current_database() AS varchar(128)) AS database_name,
       CAST(schema_name AS varchar(128)) AS schema_name,
       CAST(current_user AS varchar(128)) AS user_name,
       CAST(model_name AS varchar(128)) AS model_name,
       CAST('CURRENT' AS varchar(128)) AS life_cycle,
       CAST('f' AS varchar(128)) AS is_refreshable,
       CAST('Model is Ready' AS varchar(128)) AS model_state
FROM ${MODEL_CATALOG_SCHEMA}.models;`;

/** An engine error in Redshift's words; the caller reports it as `ERROR: …`. */
export class ModelStatementError extends Error {
  override readonly name = 'ModelStatementError';
}

/** Runs one model statement; a SHOW returns its rows as a result. */
export async function runModelStatement(
  db: PgConnection,
  statement: ModelStatement,
): Promise<PgResult | undefined> {
  switch (statement.kind) {
    case 'create':
      await createModel(db, statement);
      return undefined;
    case 'drop':
      await dropModel(db, statement.model, statement.ifExists);
      return undefined;
    case 'grant':
      await checkGrant(db, statement.grantees, statement.model);
      return undefined;
    case 'show':
      return statement.model === 'ALL'
        ? runStatement(
            db,
            `SELECT schema_name AS "Schema Name", model_name AS "Model Name"
             FROM ${MODEL_CATALOG_SCHEMA}.models ORDER BY 1, 2`,
          )
        : showModel(db, statement.model);
  }
}

const displayName = (model: ModelName) => `${model.schema}.${model.name}`;

async function findModel(db: PgConnection, model: ModelName) {
  const { rows } = await runStatement(
    db,
    `SELECT signature, details FROM ${MODEL_CATALOG_SCHEMA}.models WHERE schema_name = $1 AND model_name = $2`,
    [model.schema, model.name],
  );
  return rows[0];
}

async function createModel(db: PgConnection, create: CreateModel): Promise<void> {
  if ((await findModel(db, create.model)) !== undefined)
    throw new ModelStatementError(`Model "${displayName(create.model)}" already exists`);
  const schema = await runStatement(db, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [
    create.model.schema,
  ]);
  if (schema.rows.length === 0)
    throw new ModelStatementError(`schema "${create.model.schema}" does not exist`);

  const data = await runStatement(db, translateRedshiftSql(create.query).sql);
  const names = (data.columns ?? []).map((column) => column.name.toLowerCase());
  if (names.length < 2)
    throw new ModelStatementError('the training query must return at least two columns');
  const targetIndex = create.target === undefined ? -1 : names.indexOf(create.target);
  if (create.target !== undefined && targetIndex < 0)
    throw new ModelStatementError(`TARGET column "${create.target}" is not in the training query`);
  const featureIndexes = names.map((_, index) => index).filter((index) => index !== targetIndex);
  const features = featureIndexes.map((index) => names[index]!);
  const rows = data.rows.map((row) =>
    featureIndexes.map((index) => numeric(row[index], names[index]!)),
  );
  if (rows.length === 0) throw new ModelStatementError('the training query returned no rows');

  const signature = functionSignature(create.model.schema, create.functionName, features.length);
  let functionSql: string;
  let metric: [string, string];
  if (create.modelType === 'XGBOOST') {
    const labels = data.rows.map((row) => {
      const label = numeric(row[targetIndex], create.target!);
      if (label !== 0 && label !== 1)
        throw new ModelStatementError(
          `TARGET "${create.target}" must be 0 or 1 for ${create.objective}, found ${row[targetIndex]}`,
        );
      return label;
    });
    const forest = await trainForest(rows, labels, create.hyperparameters);
    const returns = labelType(data.columns![targetIndex]!.typeId);
    if (returns === undefined)
      throw new ModelStatementError(
        `TARGET "${create.target}" must be SMALLINT, INTEGER, BIGINT, REAL, DOUBLE PRECISION or BOOLEAN`,
      );
    functionSql = forestFunction(signature, forest, create.objective!, returns);
    metric = ['train:rows', String(rows.length)];
  } else {
    const missing = features.find((_, column) => rows.some((row) => Number.isNaN(row[column])));
    if (missing !== undefined)
      throw new ModelStatementError(`KMEANS training data has NULL in column "${missing}"`);
    const scaling = columnScaling(create.preprocessors, features, rows);
    const scaled = rows.map((row) =>
      row.map((value, column) => (value - scaling[column]!.shift) / scaling[column]!.scale),
    );
    const model = await trainKmeans(scaled, Number(create.hyperparameters.K));
    functionSql = kmeansFunction(signature, model, scaling);
    metric = ['train:msd', String(model.inertia / rows.length)];
  }
  await runStatement(db, functionSql);
  const details: [string, string][] = [
    ['Model Name', create.model.name],
    ['Schema Name', create.model.schema],
    ['Model State', 'READY'],
    metric,
    ['Query', create.query],
    ...(create.target !== undefined ? [['Target Column', create.target] as [string, string]] : []),
    ['Model Type', create.modelType.toLowerCase()],
    ['Function Name', create.functionName],
    ['Function Parameters', features.join(' ')],
    ['Function Parameter Types', features.map(() => 'float8').join(' ')],
    ['IAM Role', create.iamRole],
    ['S3 Bucket', create.settings.S3_BUCKET!],
    ...(create.settings.KMS_KEY_ID !== undefined
      ? [['KMS Key', create.settings.KMS_KEY_ID] as [string, string]]
      : []),
    ...(create.objective !== undefined
      ? [['objective', create.objective] as [string, string]]
      : []),
    ...Object.entries(create.hyperparameters).map(
      ([key, value]) => [key.toLowerCase(), value] as [string, string],
    ),
  ];
  await runStatement(
    db,
    `INSERT INTO ${MODEL_CATALOG_SCHEMA}.models (schema_name, model_name, signature, details)
     VALUES ($1, $2, $3, CAST($4 AS jsonb))`,
    [create.model.schema, create.model.name, signature, JSON.stringify(details)],
  );
}

async function dropModel(db: PgConnection, model: ModelName, ifExists: boolean): Promise<void> {
  const found = await findModel(db, model);
  if (found === undefined) {
    if (ifExists) return;
    throw new ModelStatementError(`Model "${displayName(model)}" does not exist`);
  }
  await runStatement(db, `DROP FUNCTION IF EXISTS ${found[0]}`);
  await runStatement(
    db,
    `DELETE FROM ${MODEL_CATALOG_SCHEMA}.models WHERE schema_name = $1 AND model_name = $2`,
    [model.schema, model.name],
  );
}

/**
 * Model privileges name existing roles and models, as on Redshift; like every privilege here
 * they are not enforced per caller (the emulator runs every statement as one user).
 */
async function checkGrant(
  db: PgConnection,
  grantees: readonly string[],
  model: ModelName | undefined,
): Promise<void> {
  for (const grantee of grantees) {
    if (grantee.toUpperCase() === 'PUBLIC') continue;
    const { rows } = await runStatement(db, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [grantee]);
    if (rows.length === 0) throw new ModelStatementError(`role "${grantee}" does not exist`);
  }
  if (model !== undefined && (await findModel(db, model)) === undefined)
    throw new ModelStatementError(`Model "${displayName(model)}" does not exist`);
}

async function showModel(db: PgConnection, model: ModelName): Promise<PgResult> {
  if ((await findModel(db, model)) === undefined)
    throw new ModelStatementError(`Model "${displayName(model)}" does not exist`);
  return runStatement(
    db,
    `SELECT CAST(entry->>0 AS varchar(256)) AS "Key", CAST(entry->>1 AS varchar(65535)) AS "Value"
     FROM ${MODEL_CATALOG_SCHEMA}.models,
          jsonb_array_elements(details) WITH ORDINALITY AS listed(entry, position)
     WHERE schema_name = $1 AND model_name = $2
     ORDER BY position`,
    [model.schema, model.name],
  );
}

/** A value of the training query as a number: booleans are 0/1, NULL is NaN. */
function numeric(text: string | null | undefined, column: string): number {
  if (text === null || text === undefined) return Number.NaN;
  if (text === 't' || text === 'f') return text === 't' ? 1 : 0;
  const value = Number(text);
  if (!Number.isFinite(value))
    throw new ModelStatementError(
      `column "${column}" holds "${text}"; AUTO OFF models take numeric and boolean columns only`,
    );
  return value;
}

/**
 * The scaling PREPROCESSORS asks for, per column: StandardScaler (mean 0, population standard
 * deviation 1), MinMax (0 to 1), or none (`'none'`, NumericPassthrough, or a column no set names).
 */
function columnScaling(
  preprocessors: string,
  features: readonly string[],
  rows: readonly (readonly number[])[],
): ColumnScaling[] {
  const identity = features.map(() => ({ shift: 0, scale: 1 }));
  if (preprocessors.trim().toLowerCase() === 'none') return identity;
  let sets: { ColumnSet?: unknown; Transformers?: unknown }[];
  try {
    sets = JSON.parse(preprocessors) as typeof sets;
  } catch {
    throw new ModelStatementError(`PREPROCESSORS is neither 'none' nor JSON: ${preprocessors}`);
  }
  const scaling = [...identity];
  for (const set of Array.isArray(sets) ? sets : []) {
    const columns = Array.isArray(set.ColumnSet) ? (set.ColumnSet as string[]) : [];
    const transformers = Array.isArray(set.Transformers) ? (set.Transformers as string[]) : [];
    const chosen = columns.includes('*')
      ? features.map((_, index) => index)
      : columns.map((name) => {
          const index = features.indexOf(name.toLowerCase());
          if (index < 0)
            throw new ModelStatementError(`PREPROCESSORS names "${name}", not a training column`);
          return index;
        });
    for (const transformer of transformers) {
      if (transformer === 'NumericPassthrough') continue;
      if (transformer !== 'StandardScaler' && transformer !== 'MinMax')
        throw new ModelTrainingError(
          `KMEANS preprocessor ${transformer} is not one of StandardScaler, MinMax, NumericPassthrough`,
        );
      for (const column of chosen) {
        const values = rows.map((row) => row[column]!);
        if (transformer === 'StandardScaler') {
          const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
          const deviation = Math.sqrt(
            values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length,
          );
          scaling[column] = { shift: mean, scale: deviation > 0 ? deviation : 1 };
        } else {
          const low = Math.min(...values);
          const high = Math.max(...values);
          scaling[column] = { shift: low, scale: high > low ? high - low : 1 };
        }
      }
    }
  }
  return scaling;
}

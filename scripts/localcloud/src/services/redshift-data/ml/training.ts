/**
 * What localcloud trains for a CREATE MODEL, and how it maps Redshift's hyperparameters:
 *
 * - XGBOOST: a random forest (`ml-random-forest`): there is no maintained gradient-boosting
 *   trainer on npm whose trees can be read back. `NUM_ROUND` trees (at most MAX_LOCAL_TREES, so
 *   training takes seconds), `MAX_DEPTH` deep (XGBoost's default, 6), leaves of at least
 *   MIN_LEAF_ROWS rows. The prediction is the mean of the leaves' shares of positives: a
 *   probability, like `reg:logistic`'s.
 * - KMEANS: `ml-kmeans` with k-means++ starts, the lowest-inertia of RESTARTS runs, on the
 *   columns scaled as PREPROCESSORS says (StandardScaler: mean 0, standard deviation 1).
 *
 * Seeds are fixed, so the same data trains the same model.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** A tree of the forest: an internal node, or a leaf with its share of positives. */
export type TreeNode =
  | {
      readonly column: number;
      readonly split: number;
      readonly left: TreeNode;
      readonly right: TreeNode;
    }
  | { readonly p: number };

export interface ForestModel {
  readonly trees: readonly TreeNode[];
}

export interface KmeansModel {
  /** Centroids in the scaled space. */
  readonly centroids: readonly (readonly number[])[];
  readonly inertia: number;
}

export const MAX_LOCAL_TREES = 20;
export const DEFAULT_MAX_DEPTH = 6;
export const MIN_LEAF_ROWS = 20;
/** Share of the columns each tree sees. */
export const FEATURE_SHARE = 0.6;
export const RESTARTS = 5;
export const KMEANS_MAX_ITERATIONS = 300;
const SEED = 42;

export class ModelTrainingError extends Error {
  override readonly name = 'ModelTrainingError';
}

export function trainForest(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  hyperparameters: Readonly<Record<string, string>>,
): Promise<ForestModel> {
  const rounds = Number(hyperparameters.NUM_ROUND ?? 100);
  const depth = Number(hyperparameters.MAX_DEPTH ?? DEFAULT_MAX_DEPTH);
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new ModelTrainingError(
      `NUM_ROUND must be a positive integer, got "${hyperparameters.NUM_ROUND}"`,
    );
  if (!Number.isInteger(depth) || depth < 1)
    throw new ModelTrainingError(
      `MAX_DEPTH must be a positive integer, got "${hyperparameters.MAX_DEPTH}"`,
    );
  return inWorker<ForestModel>({
    kind: 'forest',
    rows,
    labels,
    options: {
      trees: Math.min(rounds, MAX_LOCAL_TREES),
      maxDepth: depth,
      minLeafRows: MIN_LEAF_ROWS,
      featureShare: FEATURE_SHARE,
      seed: SEED,
    },
  });
}

export function trainKmeans(rows: readonly (readonly number[])[], k: number): Promise<KmeansModel> {
  if (rows.length < k)
    throw new ModelTrainingError(`K is ${k} but the training query returned ${rows.length} rows`);
  return inWorker<KmeansModel>({
    kind: 'kmeans',
    rows,
    options: { k, restarts: RESTARTS, maxIterations: KMEANS_MAX_ITERATIONS, seed: SEED },
  });
}

function inWorker<T>(workerData: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'train-worker.js'), { workerData });
    let settled = false;
    worker.once('message', (message: { model?: T; error?: string }) => {
      settled = true;
      if (message.error !== undefined) reject(new ModelTrainingError(message.error));
      else resolve(message.model as T);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new ModelTrainingError(error.message));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new ModelTrainingError(`the training worker exited with code ${code}`));
    });
  });
}

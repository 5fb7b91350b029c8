/**
 * A trained model as the SQL function Redshift ML would create for it, in PostgreSQL: the same
 * name, in the model's schema, taking the training columns (minus the target) in query order.
 * Every number is written as `float8 '<shortest round-trip text>'`, so the function computes
 * with exactly the doubles the trainer produced.
 */
import type { ForestModel, KmeansModel, TreeNode } from './training';

/** How a column is scaled before k-means: `(x - shift) / scale`. */
export interface ColumnScaling {
  readonly shift: number;
  readonly scale: number;
}

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;
const number = (value: number) => `float8 '${value}'`;

export function functionSignature(schema: string, name: string, argumentCount: number): string {
  return `${quote(schema)}.${quote(name)}(${Array.from({ length: argumentCount }, () => 'float8').join(', ')})`;
}

/**
 * The forest's probability: the mean over trees of the share of positives in the leaf the row
 * reaches (`column < split` goes left; a NULL goes right, as an unanswered comparison does). With
 * `binary:logistic` the function gives the class instead, 1 from a probability of 0.5. Either is
 * returned in the TARGET column's type, as Redshift's function is ("the same type as the TARGET
 * column"): a probability trained on an integer label comes back rounded to 0 or 1.
 */
export function forestFunction(
  signature: string,
  model: ForestModel,
  objective: string,
  returns: string,
): string {
  const trees = model.trees.map((tree) => `(${treeExpression(tree)})`).join('\n    + ');
  const probability = `(${trees}) / ${number(model.trees.length)}`;
  const value =
    objective === 'binary:logistic'
      ? `CASE WHEN ${probability} >= ${number(0.5)} THEN 1 ELSE 0 END`
      : probability;
  return `CREATE FUNCTION ${signature} RETURNS ${returns} LANGUAGE sql IMMUTABLE AS $ml$
  SELECT CAST(${value} AS ${returns})
$ml$`;
}

/** The SQL type of a result column, by its type OID; undefined for one a label cannot have. */
export function labelType(typeId: number): string | undefined {
  return LABEL_TYPES[typeId];
}

const LABEL_TYPES: Readonly<Record<number, string>> = {
  16: 'boolean',
  20: 'bigint',
  21: 'smallint',
  23: 'integer',
  700: 'real',
  701: 'double precision',
};

function treeExpression(node: TreeNode): string {
  if ('p' in node) return number(node.p);
  return `CASE WHEN $${node.column + 1} < ${number(node.split)} THEN ${treeExpression(node.left)} ELSE ${treeExpression(node.right)} END`;
}

/**
 * The index (0 to K-1) of the nearest centroid, by squared Euclidean distance in the scaled
 * space; a tie goes to the lower index. STRICT: a row with a NULL column gets NULL.
 */
export function kmeansFunction(
  signature: string,
  model: KmeansModel,
  scaling: readonly ColumnScaling[],
): string {
  const scaled = scaling.map(
    ({ shift, scale }, column) => `(($${column + 1} - ${number(shift)}) / ${number(scale)})`,
  );
  const distances = model.centroids.map((centroid, cluster) => {
    const terms = centroid.map((value, column) => {
      const difference = `(${scaled[column]} - ${number(value)})`;
      return `${difference} * ${difference}`;
    });
    return `(${cluster}, ${terms.join(' + ')})`;
  });
  return `CREATE FUNCTION ${signature} RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $ml$
  SELECT cluster FROM (VALUES
    ${distances.join(',\n    ')}
  ) AS centroids(cluster, distance)
  ORDER BY distance, cluster
  LIMIT 1
$ml$`;
}

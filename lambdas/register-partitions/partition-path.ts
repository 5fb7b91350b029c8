/**
 * Which catalog partition an S3 object belongs to, from its bucket and key alone. The bucket
 * names the zone (only this deployment's buckets have one), the first key segment the dataset,
 * and the catalog says which table that pair is (`catalogTableFor`). The folders after it must
 * be the dataset's partition keys, Hive style and in the definition's order
 * (`year=2026/month=03/…`), followed by the file name: anything else is not partition data and
 * is skipped. In those folders, each value must match its key's pattern and together they must
 * name a real time (`partition-calendar.ts`); anything else fails the record.
 */
import {
  catalogTableFor,
  isHiddenLakeKey,
  partitionLocation,
  type CatalogTable,
  type Dataset,
  type Platform,
} from '../../infra/platform';
import { lakeZoneOf, type LakeIdentity } from '../shared/lake-buckets';
import { ForeignBucketError, InvalidPartitionValueError } from './errors';
import { calendarProblem } from './partition-calendar';

export type SkipReason =
  | 'not-object-created'
  | 'folder-marker'
  | 'hidden-file'
  | 'unknown-dataset'
  | 'projected-partitions'
  | 'invalid-partition-path';

/** One partition of one catalog table. */
export interface PartitionTarget {
  /** Identifies the partition across the batch and the container's cache. */
  readonly id: string;
  readonly table: CatalogTable;
  /** One value per partition key, in the dataset's key order. */
  readonly values: readonly string[];
  /** `s3://<bucket>/<dataset>/year=…/…/`, in the bucket the event came from. */
  readonly location: string;
}

export type ObjectPartition =
  | { readonly action: 'register'; readonly partition: PartitionTarget }
  | { readonly action: 'skip'; readonly reason: SkipReason; readonly detail?: string };

/** The identity of a partition: JSON, so no value can collide with a separator. */
export function partitionId(
  table: Pick<CatalogTable, 'database' | 'table'>,
  values: readonly string[],
): string {
  return JSON.stringify([table.database, table.table, ...values]);
}

/** The identity of a table, for grouping partitions and caching definitions. */
export function tableId(table: Pick<CatalogTable, 'database' | 'table'>): string {
  return `${table.database}.${table.table}`;
}

/**
 * Decides the partition of an object, or why it has none. Pure.
 * @throws ForeignBucketError for a bucket that is not one of this deployment's
 * @throws InvalidPartitionValueError for values the keys refuse or that name no real time
 */
export function partitionOfObject(
  platform: Platform,
  lake: LakeIdentity,
  bucket: string,
  key: string,
): ObjectPartition {
  const zone = lakeZoneOf(platform, lake, bucket, (message) => new ForeignBucketError(message));
  // A zero-byte "folder" made by consoles and tools: no data, so nothing to query.
  if (key.endsWith('/')) return { action: 'skip', reason: 'folder-marker' };
  // A job's commit files (`_SUCCESS`, `.spark-staging-…/`): no data, and not partitions.
  if (isHiddenLakeKey(key)) return { action: 'skip', reason: 'hidden-file' };
  const [datasetName = '', ...rest] = key.split('/');
  const table = rest.length > 0 ? catalogTableFor(platform, zone, datasetName) : undefined;
  if (table === undefined) return { action: 'skip', reason: 'unknown-dataset' };
  if (!table.registeredByEvents) return { action: 'skip', reason: 'projected-partitions' };
  const parsed = partitionValues(table.dataset, rest);
  if ('problem' in parsed) {
    if (parsed.kind === 'value') throw new InvalidPartitionValueError(`${key}: ${parsed.problem}`);
    return { action: 'skip', reason: 'invalid-partition-path', detail: parsed.problem };
  }
  const named = new Map(table.dataset.partitionKeys.map((k, i) => [k.name, parsed.values[i]!]));
  const impossible = calendarProblem(named);
  if (impossible !== undefined) throw new InvalidPartitionValueError(`${key}: ${impossible}`);
  return {
    action: 'register',
    partition: {
      id: partitionId(table, parsed.values),
      table,
      values: parsed.values,
      location: partitionLocation(bucket, table.dataset, parsed.values),
    },
  };
}

export type ObjectPartitions =
  | { readonly action: 'register'; readonly partitions: readonly PartitionTarget[] }
  | Extract<ObjectPartition, { action: 'skip' }>;

/**
 * The partitions of an object whose event key has several readings (`S3ObjectNotice.keys`).
 * Registration cannot ask S3 which reading exists, so every reading that places the object
 * registers its partition: a missing partition hides data, an empty one costs nothing. Only the
 * file name and invalid folders can differ between readings (partition values are matched by
 * pattern), so in practice they all name the same partition. When no reading places the object,
 * the likeliest reading's skip or error stands.
 */
export function partitionsOfReadings(
  platform: Platform,
  lake: LakeIdentity,
  bucket: string,
  keys: readonly [string, ...string[]],
): ObjectPartitions {
  const partitions = new Map<string, PartitionTarget>();
  let likeliest: { skip: ObjectPartitions } | { error: unknown } | undefined;
  for (const key of keys) {
    let outcome: ObjectPartition;
    try {
      outcome = partitionOfObject(platform, lake, bucket, key);
    } catch (error) {
      likeliest ??= { error };
      continue;
    }
    if (outcome.action === 'register') partitions.set(outcome.partition.id, outcome.partition);
    else likeliest ??= { skip: outcome };
  }
  if (partitions.size > 0) return { action: 'register', partitions: [...partitions.values()] };
  if (likeliest !== undefined && 'error' in likeliest) throw likeliest.error;
  return likeliest!.skip;
}

const compiled = new Map<string, RegExp>();

/** A key's pattern, compiled once and anchored whether or not the definition anchors it. */
function patternOf(source: string): RegExp {
  let pattern = compiled.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(`^(?:${source})$`, 'u');
    compiled.set(source, pattern);
  }
  return pattern;
}

/**
 * The partition values in `segments` (the key's segments after the dataset), or what is wrong
 * with them. Exactly one folder per key, then exactly one file name: a file nested deeper is not
 * read by engines that list the partition's folder, and an extra `k=v` folder is a key the table
 * does not have.
 */
export function partitionValues(
  dataset: Dataset,
  segments: readonly string[],
):
  | { readonly values: string[] }
  | {
      readonly problem: string;
      /** path: the folders are not the partition keys; value: a key has a value it refuses. */
      readonly kind: 'path' | 'value';
    } {
  const keys = dataset.partitionKeys;
  const values: string[] = [];
  for (const [index, key] of keys.entries()) {
    const segment = segments[index];
    // The last segment is the file name, never a partition folder.
    if (segment === undefined || index === segments.length - 1)
      return { problem: `partition key "${key.name}" is missing`, kind: 'path' };
    const equals = segment.indexOf('=');
    if (equals < 0)
      return {
        problem: `folder "${segment}" is not key=value (expected ${key.name}=…)`,
        kind: 'path',
      };
    const name = segment.slice(0, equals);
    const value = segment.slice(equals + 1);
    if (name !== key.name)
      return { problem: `found "${name}" where partition key "${key.name}" belongs`, kind: 'path' };
    if (!patternOf(key.pattern).test(value))
      return { problem: `${key.name}="${value}" does not match ${key.pattern}`, kind: 'value' };
    values.push(value);
  }
  const after = segments.slice(keys.length);
  if (after.length > 1)
    return {
      problem: `"${after.slice(0, -1).join('/')}" is nested below the partition folders`,
      kind: 'path',
    };
  return { values };
}

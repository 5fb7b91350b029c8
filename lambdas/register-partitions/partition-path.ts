/**
 * Which catalog partition an S3 object belongs to, from its bucket and key alone. The bucket
 * names the zone (`zoneOfBucket`), the first key segment the dataset, and the catalog says which
 * table that pair is (`catalogTableFor`). The folders after it must be the dataset's partition
 * keys, Hive style and in the definition's order (`year=2026/month=03/…`), each value matching
 * its key's pattern, followed by the file name. Anything else is skipped, never registered.
 */
import {
  catalogTableFor,
  partitionLocation,
  zoneOfBucket,
  type CatalogTable,
  type Dataset,
  type Platform,
} from '../../infra/platform';

export type SkipReason =
  | 'not-object-created'
  | 'folder-marker'
  | 'unknown-bucket'
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

/** Decides the partition of an object, or why it has none. Pure. */
export function partitionOfObject(
  platform: Platform,
  bucket: string,
  key: string,
): ObjectPartition {
  // A zero-byte "folder" made by consoles and tools: no data, so nothing to query.
  if (key.endsWith('/')) return { action: 'skip', reason: 'folder-marker' };
  const zone = zoneOfBucket(platform, bucket);
  if (zone === undefined) return { action: 'skip', reason: 'unknown-bucket' };
  const [datasetName = '', ...rest] = key.split('/');
  const table = rest.length > 0 ? catalogTableFor(platform, zone, datasetName) : undefined;
  if (table === undefined) return { action: 'skip', reason: 'unknown-dataset' };
  if (!table.registeredByEvents) return { action: 'skip', reason: 'projected-partitions' };
  const parsed = partitionValues(table.dataset, rest);
  if ('problem' in parsed)
    return { action: 'skip', reason: 'invalid-partition-path', detail: parsed.problem };
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
): { readonly values: string[] } | { readonly problem: string } {
  const keys = dataset.partitionKeys;
  const values: string[] = [];
  for (const [index, key] of keys.entries()) {
    const segment = segments[index];
    // The last segment is the file name, never a partition folder.
    if (segment === undefined || index === segments.length - 1)
      return { problem: `partition key "${key.name}" is missing` };
    const equals = segment.indexOf('=');
    if (equals < 0)
      return { problem: `folder "${segment}" is not key=value (expected ${key.name}=…)` };
    const name = segment.slice(0, equals);
    const value = segment.slice(equals + 1);
    if (name !== key.name)
      return { problem: `found "${name}" where partition key "${key.name}" belongs` };
    if (!patternOf(key.pattern).test(value))
      return { problem: `${key.name}="${value}" does not match ${key.pattern}` };
    values.push(value);
  }
  const after = segments.slice(keys.length);
  if (after.length > 1)
    return { problem: `"${after.slice(0, -1).join('/')}" is nested below the partition folders` };
  return { values };
}

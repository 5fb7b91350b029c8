import type { aws_s3 as s3 } from 'aws-cdk-lib';
import { bucketName, isMirrored, type Platform, type ZoneName } from '../../platform';

/** Where a mirrored zone's objects live: its bucket's name and the key prefixes (`<dataset>/`) sent to ADLS. */
export interface MirrorSource {
  readonly zone: ZoneName;
  /**
   * The deterministic name (`infra/platform/naming.ts`), for the rule and the policy: it reads
   * as what it is in the template and does not depend on an export of the data-lake stack.
   */
  readonly bucketName: string;
  readonly prefixes: readonly string[];
}

/** One mirrored zone with its CDK bucket, for grants. */
export interface MirroredZone extends MirrorSource {
  readonly bucket: s3.IBucket;
}

/**
 * The zones that have at least one mirrored dataset, straight from the platform definition.
 * Pure: the local runtime routes its events with the same sources as the deployed rule.
 */
export function mirrorSources(platform: Platform, account: string, region: string): MirrorSource[] {
  return platform.zones
    .map((zone) => ({
      zone: zone.name,
      bucketName: bucketName(platform, zone.name, account, region),
      prefixes: platform.datasets
        .filter((dataset) => isMirrored(platform, zone.name, dataset))
        .map((dataset) => `${dataset.name}/`),
    }))
    .filter((zone) => zone.prefixes.length > 0);
}

export function mirroredZones(
  platform: Platform,
  zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>,
  account: string,
  region: string,
): MirroredZone[] {
  return mirrorSources(platform, account, region).map((source) => ({
    ...source,
    bucket: zoneBuckets[source.zone],
  }));
}

/** The `detail` of an EventBridge pattern matching objects under `prefixes` in the named buckets. */
interface ObjectDetailPattern {
  readonly bucket: { readonly name: string[] };
  readonly object: { readonly key: { prefix: string }[] };
}

/**
 * The `detail` filter of the mirror rule. Zones that mirror the same datasets share one clause;
 * zones that mirror different ones get a clause each under `$or`, because one clause with all
 * buckets and all prefixes would also match dataset A in the zone that mirrors only B.
 */
export function mirroredObjectsDetail(
  zones: readonly MirrorSource[],
): ObjectDetailPattern | { $or: ObjectDetailPattern[] } {
  const byPrefixes = new Map<string, { buckets: string[]; prefixes: readonly string[] }>();
  for (const zone of zones) {
    const signature = [...zone.prefixes].sort().join('\n');
    const group = byPrefixes.get(signature) ?? { buckets: [], prefixes: zone.prefixes };
    group.buckets.push(zone.bucketName);
    byPrefixes.set(signature, group);
  }
  const clauses = [...byPrefixes.values()].map((group) => ({
    bucket: { name: group.buckets },
    object: { key: group.prefixes.map((prefix) => ({ prefix })) },
  }));
  if (clauses.length === 1) return clauses[0]!;
  return { $or: clauses };
}

/** The S3 event types the mirror rule routes: deletes only when they are mirrored. */
export function mirroredDetailTypes(mirrorDeletes: boolean): string[] {
  return mirrorDeletes ? ['Object Created', 'Object Deleted'] : ['Object Created'];
}

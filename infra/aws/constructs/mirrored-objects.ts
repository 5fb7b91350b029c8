import type { aws_s3 as s3 } from 'aws-cdk-lib';
import { bucketName, isMirrored, type Platform, type ZoneName } from '../../platform';

/** One mirrored zone: its bucket and the key prefixes (`<dataset>/`) whose objects go to ADLS. */
export interface MirroredZone {
  readonly zone: ZoneName;
  readonly bucket: s3.IBucket;
  /**
   * The deterministic name (`infra/platform/naming.ts`), for the rule and the policy: it reads
   * as what it is in the template and does not depend on an export of the data-lake stack.
   */
  readonly bucketName: string;
  readonly prefixes: readonly string[];
}

/** The zones that have at least one mirrored dataset, straight from the platform definition. */
export function mirroredZones(
  platform: Platform,
  zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>,
  account: string,
  region: string,
): MirroredZone[] {
  return platform.zones
    .map((zone) => ({
      zone: zone.name,
      bucket: zoneBuckets[zone.name],
      bucketName: bucketName(platform, zone.name, account, region),
      prefixes: platform.datasets
        .filter((dataset) => isMirrored(platform, zone.name, dataset))
        .map((dataset) => `${dataset.name}/`),
    }))
    .filter((zone) => zone.prefixes.length > 0);
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
  zones: readonly MirroredZone[],
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

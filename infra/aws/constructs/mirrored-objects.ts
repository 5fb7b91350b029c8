import type { aws_s3 as s3 } from 'aws-cdk-lib';
import { bucketName, isMirrored, type Platform, type ZoneName } from '../../platform';
import { objectEventDetail, type ObjectSource } from './object-events';

/** Where a mirrored zone's objects live: its bucket's name and the key prefixes (`<dataset>/`) sent to ADLS. */
export type MirrorSource = ObjectSource;

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

/** The `detail` filter of the mirror rule (see `objectEventDetail`). */
export const mirroredObjectsDetail = objectEventDetail;

/** The S3 event types the mirror rule routes: deletes only when they are mirrored. */
export function mirroredDetailTypes(mirrorDeletes: boolean): string[] {
  return mirrorDeletes ? ['Object Created', 'Object Deleted'] : ['Object Created'];
}

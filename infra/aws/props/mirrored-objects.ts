import type { aws_s3 as s3 } from 'aws-cdk-lib';
import type { Platform, ZoneName } from '../../platform';
import { mirrorSources, type MirrorSource } from '../facts/replication';

/** One mirrored zone with its CDK bucket, for grants. */
export interface MirroredZone extends MirrorSource {
  readonly bucket: s3.IBucket;
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

/**
 * Where an S3 object goes in ADLS: its bucket names the zone (only this deployment's buckets
 * have one), the first key segment names the dataset, and the platform definition says whether
 * that pair is mirrored. The file system is named after the zone and the path is the key
 * unchanged.
 */
import {
  isHiddenLakeKey,
  isMirrored,
  isRewrittenByJobs,
  type Dataset,
  type Platform,
  type ZoneName,
} from '../../infra/platform';
import { lakeZoneOf, type LakeIdentity } from '../shared/lake-buckets';
import { ForeignBucketError } from './errors';

export type SkipReason = 'folder-marker' | 'hidden-file' | 'unknown-dataset' | 'not-mirrored';

export type Route =
  | {
      readonly action: 'mirror';
      readonly zone: ZoneName;
      readonly dataset: Dataset;
      /** ADLS file system (named after the zone). */
      readonly fileSystem: string;
      /** Path inside the file system: the key. */
      readonly path: string;
    }
  | { readonly action: 'skip'; readonly reason: SkipReason };

/**
 * The zone of one of this deployment's lake buckets. Checked before anything is read: an event
 * naming any other bucket is forged or misrouted, and must reach the DLQ, not be skipped.
 * @throws ForeignBucketError for any other bucket
 */
export function zoneOfLakeBucket(platform: Platform, lake: LakeIdentity, bucket: string): ZoneName {
  return lakeZoneOf(platform, lake, bucket, (message) => new ForeignBucketError(message));
}

/**
 * Decides whether (and where) an object is mirrored. Pure.
 * @throws ForeignBucketError when the bucket is not one of this deployment's
 */
export function routeObject(
  platform: Platform,
  lake: LakeIdentity,
  bucket: string,
  key: string,
): Route {
  const zone = zoneOfLakeBucket(platform, lake, bucket);
  // A zero-byte "folder" object made by consoles and tools; directories are implied in HNS.
  if (key.endsWith('/')) return { action: 'skip', reason: 'folder-marker' };
  const datasetName = key.split('/', 1)[0];
  const dataset = platform.datasets.find((candidate) => candidate.name === datasetName);
  if (dataset === undefined || !key.includes('/'))
    return { action: 'skip', reason: 'unknown-dataset' };
  if (!isMirrored(platform, zone, dataset)) return { action: 'skip', reason: 'not-mirrored' };
  // A job's commit files (`_SUCCESS`, `.spark-staging-…/`): not data, and gone once it commits.
  if (isHiddenLakeKey(key)) return { action: 'skip', reason: 'hidden-file' };
  return { action: 'mirror', zone, dataset, fileSystem: zone, path: key };
}

/**
 * Whether S3 deleting a routed object deletes its copy: always for a dataset a job rewrites (its
 * superseded files would pile up in ADLS otherwise), else only when every delete is mirrored
 * (`MIRROR_DELETES`).
 */
export function deletesMirrored(route: Route, mirrorAllDeletes: boolean): boolean {
  return route.action === 'mirror' && (mirrorAllDeletes || isRewrittenByJobs(route.dataset));
}

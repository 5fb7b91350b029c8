/**
 * Where an S3 object goes in ADLS: its bucket names the zone (`zoneOfBucket`), the first key
 * segment names the dataset, and the platform definition says whether that pair is mirrored.
 * The file system is named after the zone and the path is the key unchanged.
 */
import {
  isMirrored,
  zoneOfBucket,
  type Dataset,
  type Platform,
  type ZoneName,
} from '../../infra/platform';

export type SkipReason = 'folder-marker' | 'unknown-bucket' | 'unknown-dataset' | 'not-mirrored';

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

/** Decides whether (and where) an object is mirrored. Pure. */
export function routeObject(platform: Platform, bucket: string, key: string): Route {
  // A zero-byte "folder" object made by consoles and tools; directories are implied in HNS.
  if (key.endsWith('/')) return { action: 'skip', reason: 'folder-marker' };
  const zone = zoneOfBucket(platform, bucket);
  if (zone === undefined) return { action: 'skip', reason: 'unknown-bucket' };
  const datasetName = key.split('/', 1)[0];
  const dataset = platform.datasets.find((candidate) => candidate.name === datasetName);
  if (dataset === undefined || !key.includes('/'))
    return { action: 'skip', reason: 'unknown-dataset' };
  if (!isMirrored(platform, zone, dataset)) return { action: 'skip', reason: 'not-mirrored' };
  return { action: 'mirror', zone, dataset, fileSystem: zone, path: key };
}

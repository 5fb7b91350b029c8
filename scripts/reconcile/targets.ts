/**
 * What to compare: the zone's bucket, its file system (named after the zone), and the key
 * prefixes in scope. Only mirrored zones qualify, and on the S3 side only mirrored datasets.
 */
import { bucketName, isMirrored, zoneOf, type Platform, type ZoneName } from '../../infra/platform';
import { ReconcileConfigError } from './errors';
import { compareKeys } from './keys';

export interface ReconcileTarget {
  readonly zone: ZoneName;
  readonly bucket: string;
  readonly fileSystem: string;
  /** Non-overlapping S3 prefixes, ascending: mirrored datasets narrowed by `--prefix`. */
  readonly s3Prefixes: readonly string[];
  /** The ADLS side lists everything under `--prefix` (a file outside the datasets is extra). */
  readonly adlsPrefix: string;
}

/** Where the bucket name comes from: `--bucket`, or the account and region of the caller. */
export type BucketSource =
  | { readonly bucket: string }
  | { readonly account: () => Promise<string>; readonly region: () => Promise<string> };

export async function resolveTarget(
  platform: Platform,
  zone: ZoneName,
  prefix: string,
  source: BucketSource,
): Promise<ReconcileTarget> {
  if (!zoneOf(platform, zone).mirroredToAzure) {
    const mirrored = platform.zones.filter((candidate) => candidate.mirroredToAzure);
    throw new ReconcileConfigError(
      `zone "${zone}" is not mirrored to Azure, so there is nothing to reconcile ` +
        `(mirrored zones: ${mirrored.map((candidate) => candidate.name).join(', ') || 'none'})`,
    );
  }
  let bucket: string;
  if ('bucket' in source) {
    bucket = source.bucket;
  } else {
    // Region first: without one, the STS call for the account cannot even be signed.
    const region = await source.region();
    bucket = bucketName(platform, zone, await source.account(), region);
  }
  return {
    zone,
    bucket,
    fileSystem: zone,
    s3Prefixes: scopePrefixes(mirroredDatasetPrefixes(platform, zone), prefix),
    adlsPrefix: prefix,
  };
}

/** `<dataset>/` for every dataset the transfer copies out of this zone. */
export function mirroredDatasetPrefixes(platform: Platform, zone: ZoneName): string[] {
  return platform.datasets
    .filter((dataset) => isMirrored(platform, zone, dataset))
    .map((dataset) => `${dataset.name}/`);
}

/**
 * The part of each dataset prefix that `--prefix` keeps: the narrower of the two when one
 * contains the other, nothing when they are disjoint. Sorted so the listings concatenate in order.
 */
export function scopePrefixes(datasetPrefixes: readonly string[], prefix: string): string[] {
  return datasetPrefixes
    .flatMap((datasetPrefix) => {
      if (prefix.startsWith(datasetPrefix)) return [prefix];
      if (datasetPrefix.startsWith(prefix)) return [datasetPrefix];
      return [];
    })
    .sort(compareKeys);
}

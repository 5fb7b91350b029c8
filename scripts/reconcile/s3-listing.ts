/**
 * The S3 side: the current version of every object under some prefixes, in key order, one page
 * at a time. ListObjectVersions rather than ListObjectsV2 because only it reports version ids,
 * which is what the transfer records; both list keys in UTF-8 byte order.
 */
import {
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { compareKeys, unquoteEtag, type S3Entry } from './keys';
import { isHiddenLakeKey } from '../../infra/platform';

export interface S3ListingOptions {
  /** Keys per ListObjectVersions request. @default 1000 (the S3 maximum) */
  readonly pageSize?: number;
}

/**
 * Current objects under each prefix. Prefixes must not overlap and are listed in key order, so
 * the concatenation is itself in key order.
 */
export async function* listS3Objects(
  s3: S3Client,
  bucket: string,
  prefixes: readonly string[],
  options: S3ListingOptions = {},
): AsyncGenerator<S3Entry> {
  const pageSize = options.pageSize ?? 1000;
  for (const prefix of [...prefixes].sort(compareKeys)) {
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: pageSize,
          ...(keyMarker !== undefined && { KeyMarker: keyMarker }),
          ...(versionIdMarker !== undefined && { VersionIdMarker: versionIdMarker }),
        }),
      );
      yield* currentObjectsOf(page);
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker !== undefined);
  }
}

/**
 * The objects of one page that exist now: the latest version of each key, unless that is a
 * delete marker (then the key is absent, and the latest flag sits on the marker). Folder
 * markers (`…/`, made by consoles) and a job's commit files (`_SUCCESS`) hold no data and are
 * not mirrored, so they have no counterpart file in ADLS.
 * Sorted within the page: the SDK returns versions and delete markers as separate lists.
 */
export function currentObjectsOf(
  page: Pick<ListObjectVersionsCommandOutput, 'Versions'>,
): S3Entry[] {
  return (page.Versions ?? [])
    .filter((version) => version.IsLatest === true && version.Key !== undefined)
    .filter((version) => !version.Key?.endsWith('/') && !isHiddenLakeKey(version.Key ?? ''))
    .map((version) => ({
      key: version.Key ?? '',
      size: version.Size ?? 0,
      etag: unquoteEtag(version.ETag ?? ''),
      versionId: version.VersionId ?? 'null',
    }))
    .sort((a, b) => compareKeys(a.key, b.key));
}

/**
 * S3's own order of a key's versions. ListObjectVersions lists each key's versions newest first,
 * so the first version (not delete marker) listed for the key is the last one S3 served before
 * it was deleted: the one the mirror keeps when deletes are not mirrored.
 */
import { ListObjectVersionsCommand, type S3Client } from '@aws-sdk/client-s3';

/** Pages read before giving up and letting sequencers decide (100 entries each). */
const MAX_PAGES = 5;

/** The key's newest version that is not a delete marker; undefined when none is listed. */
export async function lastLiveVersion(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<string | undefined> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const listed = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: key,
        MaxKeys: 100,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    const version = (listed.Versions ?? []).find((entry) => entry.Key === key);
    if (version?.VersionId !== undefined && version.VersionId !== 'null') return version.VersionId;
    // The key sorts before every longer key of the prefix: once the listing moves past it, or
    // ends, the key has no version left.
    if (listed.IsTruncated !== true || listed.NextKeyMarker !== key) return undefined;
    keyMarker = listed.NextKeyMarker;
    versionIdMarker = listed.NextVersionIdMarker;
  }
  return undefined;
}

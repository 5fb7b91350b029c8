/**
 * ListObjectVersions: every version and delete marker, newest first within a key, keys in S3's
 * order, folded into common prefixes by a delimiter. A page may end inside a key's versions; the
 * next one starts after `key-marker` + `version-id-marker`.
 */
import type { AwsResponse } from '../../core/request';
import type { XmlObject } from '../../core/xml';
import { encoder, maxKeysOf } from './listing';
import { xmlResponse, type S3Call } from './s3-call';
import { compareKeys, type ObjectVersion } from './store';

interface VersionPage {
  readonly versions: XmlObject[];
  readonly deleteMarkers: XmlObject[];
  readonly commonPrefixes: string[];
  readonly truncated: boolean;
  /** The last key (or common prefix) and version returned: where the next page starts after. */
  readonly nextKeyMarker?: string;
  readonly nextVersionIdMarker?: string;
}

export function listObjectVersions(call: S3Call): AwsResponse {
  const query = call.request.query;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const keyMarker = query.get('key-marker') || undefined;
  const versionIdMarker = query.get('version-id-marker') || undefined;
  const maxKeys = maxKeysOf(call);
  const encode = encoder(call);
  const result = versionPage(call, {
    prefix,
    delimiter,
    keyMarker,
    versionIdMarker,
    maxKeys,
    encode,
  });
  return xmlResponse('ListVersionsResult', {
    Name: call.bucketName,
    Prefix: encode(prefix),
    ...(keyMarker !== undefined && { KeyMarker: encode(keyMarker) }),
    ...(versionIdMarker !== undefined && { VersionIdMarker: versionIdMarker }),
    ...(result.truncated &&
      result.nextKeyMarker !== undefined && { NextKeyMarker: encode(result.nextKeyMarker) }),
    ...(result.truncated &&
      result.nextVersionIdMarker !== undefined && {
        NextVersionIdMarker: result.nextVersionIdMarker,
      }),
    MaxKeys: maxKeys,
    ...(delimiter !== undefined && { Delimiter: encode(delimiter) }),
    IsTruncated: result.truncated,
    EncodingType: query.has('encoding-type') ? 'url' : undefined,
    Version: result.versions,
    DeleteMarker: result.deleteMarkers,
    CommonPrefixes: result.commonPrefixes.map((commonPrefix) => ({ Prefix: encode(commonPrefix) })),
  });
}

interface VersionQuery {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  readonly keyMarker: string | undefined;
  readonly versionIdMarker: string | undefined;
  readonly maxKeys: number;
  readonly encode: (text: string) => string;
}

function versionPage(call: S3Call, request: VersionQuery): VersionPage {
  const bucket = call.store.bucket(call.bucketName);
  const { prefix, delimiter, keyMarker, versionIdMarker, maxKeys, encode } = request;
  const versions: XmlObject[] = [];
  const deleteMarkers: XmlObject[] = [];
  const commonPrefixes: string[] = [];
  let count = 0;
  let nextKeyMarker: string | undefined;
  let nextVersionIdMarker: string | undefined;
  const page = (truncated: boolean): VersionPage => ({
    versions,
    deleteMarkers,
    commonPrefixes,
    truncated,
    ...(nextKeyMarker !== undefined && { nextKeyMarker }),
    ...(nextVersionIdMarker !== undefined && { nextVersionIdMarker }),
  });

  for (const key of call.store.sortedKeys(bucket)) {
    if (!key.startsWith(prefix)) continue;
    if (keyMarker !== undefined) {
      const order = compareKeys(key, keyMarker);
      // Without a version id marker, key-marker's own versions were all listed already.
      if (order < 0 || (order === 0 && versionIdMarker === undefined)) continue;
    }
    const at = delimiter === undefined ? -1 : key.indexOf(delimiter, prefix.length);
    if (delimiter !== undefined && at !== -1) {
      const commonPrefix = key.slice(0, at + delimiter.length);
      if (commonPrefix === commonPrefixes.at(-1)) continue;
      if (keyMarker !== undefined && compareKeys(commonPrefix, keyMarker) <= 0) continue;
      if (count >= maxKeys) return page(true);
      commonPrefixes.push(commonPrefix);
      count += 1;
      nextKeyMarker = commonPrefix;
      nextVersionIdMarker = undefined;
      continue;
    }
    const keyVersions = bucket.objects.get(key) ?? [];
    const start =
      key === keyMarker
        ? keyVersions.findIndex((version) => version.versionId === versionIdMarker) + 1
        : 0;
    for (let index = start; index < keyVersions.length; index += 1) {
      if (count >= maxKeys) return page(true);
      const version = keyVersions[index]!;
      (version.isDeleteMarker ? deleteMarkers : versions).push(
        versionEntry(call, version, index === 0, encode),
      );
      count += 1;
      nextKeyMarker = key;
      nextVersionIdMarker = version.versionId;
    }
  }
  return page(false);
}

function versionEntry(
  call: S3Call,
  version: ObjectVersion,
  isLatest: boolean,
  encode: (text: string) => string,
): XmlObject {
  const common = {
    Key: encode(version.key),
    VersionId: version.versionId,
    IsLatest: isLatest,
    LastModified: version.lastModified,
    Owner: { ID: call.context.accountId, DisplayName: 'localcloud' },
  };
  if (version.isDeleteMarker) return common;
  return {
    ...common,
    ETag: version.etag,
    Size: version.body.length,
    StorageClass: version.storageClass,
  };
}

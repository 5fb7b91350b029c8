import { AwsError } from '../../core/aws-error';
import type { AwsResponse } from '../../core/request';
import { asArray, parseXml, type XmlObject } from '../../core/xml';
import { deleteOne } from './objects';
import { xmlResponse, type S3Call } from './s3-call';
import { compareKeys, type Bucket, type ObjectVersion } from './store';

const MAX_KEYS = 1000;

function maxKeysOf(call: S3Call): number {
  const value = call.request.query.get('max-keys');
  if (value === undefined) return MAX_KEYS;
  if (!/^\d+$/.test(value)) {
    throw new AwsError(
      'InvalidArgument',
      'Provided max-keys not an integer or within integer range',
      400,
      {
        fields: { ArgumentName: 'max-keys', ArgumentValue: value },
      },
    );
  }
  return Math.min(Number(value), MAX_KEYS);
}

/** `encoding-type=url`: keys and prefixes in the response are URL-encoded (the client decodes them). */
function encoder(call: S3Call): (text: string) => string {
  const type = call.request.query.get('encoding-type');
  if (type === undefined) return (text) => text;
  if (type !== 'url') {
    throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', 400, {
      fields: { ArgumentName: 'encoding-type', ArgumentValue: type },
    });
  }
  return (text) => encodeURIComponent(text).replace(/%2F/g, '/');
}

interface Page {
  readonly keys: string[];
  readonly commonPrefixes: string[];
  readonly truncated: boolean;
  /** The last key or common prefix returned: where the next page starts after. */
  readonly last?: string;
}

/** Keys after `after`, folded into common prefixes by `delimiter`, at most `limit` entries. */
function page(
  sortedKeys: readonly string[],
  prefix: string,
  delimiter: string | undefined,
  after: string | undefined,
  limit: number,
): Page {
  const keys: string[] = [];
  const commonPrefixes: string[] = [];
  let last: string | undefined;
  for (const key of sortedKeys) {
    if (!key.startsWith(prefix)) continue;
    if (after !== undefined && compareKeys(key, after) <= 0) continue;
    let entry = key;
    let isPrefix = false;
    if (delimiter) {
      const at = key.indexOf(delimiter, prefix.length);
      if (at !== -1) {
        entry = key.slice(0, at + delimiter.length);
        isPrefix = true;
        // Keys under a prefix already returned collapse into it.
        if (entry === last) continue;
        if (after !== undefined && compareKeys(entry, after) <= 0) continue;
      }
    }
    if (keys.length + commonPrefixes.length >= limit)
      return { keys, commonPrefixes, truncated: true, ...(last !== undefined && { last }) };
    (isPrefix ? commonPrefixes : keys).push(entry);
    last = entry;
  }
  return { keys, commonPrefixes, truncated: false, ...(last !== undefined && { last }) };
}

export function listObjectsV2(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  const query = call.request.query;
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') || undefined;
  const maxKeys = maxKeysOf(call);
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after');
  let after = startAfter;
  if (token !== undefined) {
    after = decodeToken(token);
  }
  const currentKeys = call.store
    .sortedKeys(bucket)
    .filter((key) => !call.store.latest(bucket, key)?.isDeleteMarker);
  const result = page(currentKeys, prefix, delimiter, after, maxKeys);
  const encode = encoder(call);
  const fetchOwner = query.get('fetch-owner') === 'true';
  const contents = result.keys.map((key) => {
    const version = call.store.latest(bucket, key)!;
    return {
      Key: encode(key),
      LastModified: version.lastModified,
      ETag: version.etag,
      ...(version.checksum && {
        ChecksumAlgorithm: version.checksum.algorithm,
        ChecksumType: version.checksum.type,
      }),
      Size: version.body.length,
      ...(fetchOwner && { Owner: { ID: call.context.accountId, DisplayName: 'localcloud' } }),
      StorageClass: version.storageClass,
    };
  });
  return xmlResponse('ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(delimiter !== undefined && { Delimiter: encode(delimiter) }),
    MaxKeys: maxKeys,
    KeyCount: result.keys.length + result.commonPrefixes.length,
    IsTruncated: result.truncated,
    ...(token !== undefined && { ContinuationToken: token }),
    ...(result.truncated &&
      result.last !== undefined && { NextContinuationToken: encodeToken(result.last) }),
    ...(startAfter !== undefined && { StartAfter: encode(startAfter) }),
    ...(query.has('encoding-type') && { EncodingType: 'url' }),
    Contents: contents,
    CommonPrefixes: result.commonPrefixes.map((commonPrefix) => ({ Prefix: encode(commonPrefix) })),
  });
}

/** Continuation tokens are opaque to clients; ours carry the last key returned. */
function encodeToken(key: string): string {
  return Buffer.from(`v1:${key}`, 'utf8').toString('base64');
}

function decodeToken(token: string): string {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  if (!decoded.startsWith('v1:')) {
    throw new AwsError('InvalidArgument', 'The continuation token provided is incorrect', 400, {
      fields: { ArgumentName: 'continuation-token' },
    });
  }
  return decoded.slice(3);
}

export function listObjectVersions(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  const query = call.request.query;
  const prefix = query.get('prefix') ?? '';
  const maxKeys = maxKeysOf(call);
  const keyMarker = query.get('key-marker');
  const encode = encoder(call);
  const versions: XmlObject[] = [];
  const markers: XmlObject[] = [];
  let truncated = false;
  let nextKeyMarker: string | undefined;
  let count = 0;
  for (const key of call.store.sortedKeys(bucket)) {
    if (!key.startsWith(prefix) || (keyMarker !== undefined && compareKeys(key, keyMarker) <= 0))
      continue;
    const keyVersions = bucket.objects.get(key) ?? [];
    if (count + keyVersions.length > maxKeys && count > 0) {
      truncated = true;
      break;
    }
    keyVersions.forEach((version, index) =>
      (version.isDeleteMarker ? markers : versions).push(
        versionEntry(call, bucket, version, index === 0, encode),
      ),
    );
    count += keyVersions.length;
    nextKeyMarker = key;
  }
  return xmlResponse('ListVersionsResult', {
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(keyMarker !== undefined && { KeyMarker: encode(keyMarker) }),
    MaxKeys: maxKeys,
    IsTruncated: truncated,
    ...(truncated && nextKeyMarker !== undefined && { NextKeyMarker: encode(nextKeyMarker) }),
    Version: versions,
    DeleteMarker: markers,
  });
}

function versionEntry(
  call: S3Call,
  _bucket: Bucket,
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

/** POST /?delete: up to 1000 keys, per-key results, `Quiet` reports errors only. */
export function deleteObjects(call: S3Call): AwsResponse {
  call.store.bucket(call.bucketName);
  const document = parseXml(call.request.body)?.Delete as
    { Object?: unknown; Quiet?: string } | undefined;
  const objects = asArray(
    document?.Object as
      { Key?: string; VersionId?: string } | { Key?: string; VersionId?: string }[] | undefined,
  );
  if (
    !document ||
    objects.length === 0 ||
    objects.some((object) => typeof object.Key !== 'string')
  ) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  if (objects.length > 1000) {
    throw new AwsError(
      'MalformedXML',
      'The XML you provided was not well-formed or did not validate against our published schema',
      400,
    );
  }
  const quiet = document.Quiet === 'true';
  const deleted: XmlObject[] = [];
  for (const object of objects) {
    const result = deleteOne(call, object.Key!, object.VersionId, 'DeleteObjects');
    if (quiet) continue;
    deleted.push({
      Key: object.Key,
      ...(object.VersionId !== undefined && { VersionId: object.VersionId }),
      ...(result.deleteMarker && { DeleteMarker: true }),
      ...(object.VersionId === undefined &&
        result.versionId !== undefined && { DeleteMarkerVersionId: result.versionId }),
    });
  }
  return xmlResponse('DeleteResult', { Deleted: deleted });
}

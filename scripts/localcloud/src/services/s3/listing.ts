import { AwsError } from '../../core/aws-error';
import type { AwsResponse } from '../../core/request';
import type { XmlObject } from '../../core/xml';
import { xmlResponse, type S3Call } from './s3-call';
import { compareKeys, type Bucket } from './store';

const MAX_KEYS = 1000;

export function maxKeysOf(call: S3Call): number {
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

/**
 * `encoding-type=url`: keys, prefixes, delimiters and markers in the response are URL-encoded, and
 * the response says so in `EncodingType` (clients decode only then). `+` becomes `%2B`, since
 * clients decode with form rules (botocore's `unquote_plus`, Go's `url.QueryUnescape`).
 */
export function encoder(call: S3Call): (text: string) => string {
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

/** Keys after `after` (a key or a common prefix), folded into common prefixes by `delimiter`, at most `limit` entries. */
export function page(
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

/** The keys whose latest version is not a delete marker, in S3's order. */
function currentKeys(call: S3Call, bucket: Bucket): string[] {
  return call.store
    .sortedKeys(bucket)
    .filter((key) => !call.store.latest(bucket, key)?.isDeleteMarker);
}

/** A `<Contents>` entry; ListObjects (v1) always names the owner, V2 only with `fetch-owner`. */
function objectEntry(
  call: S3Call,
  bucket: Bucket,
  key: string,
  encode: (text: string) => string,
  withOwner: boolean,
): XmlObject {
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
    ...(withOwner && { Owner: { ID: call.context.accountId, DisplayName: 'localcloud' } }),
    StorageClass: version.storageClass,
  };
}

/** The request parameters V1 and V2 share. */
function listingRequest(call: S3Call) {
  const query = call.request.query;
  return {
    bucket: call.store.bucket(call.bucketName),
    prefix: query.get('prefix') ?? '',
    delimiter: query.get('delimiter') || undefined,
    maxKeys: maxKeysOf(call),
    encode: encoder(call),
    encodingType: query.has('encoding-type') ? 'url' : undefined,
  };
}

export function listObjectsV2(call: S3Call): AwsResponse {
  const { bucket, prefix, delimiter, maxKeys, encode, encodingType } = listingRequest(call);
  const query = call.request.query;
  const token = query.get('continuation-token');
  const startAfter = query.get('start-after');
  const after = token !== undefined ? decodeToken(token) : startAfter;
  const result = page(currentKeys(call, bucket), prefix, delimiter, after, maxKeys);
  const fetchOwner = query.get('fetch-owner') === 'true';
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
    EncodingType: encodingType,
    Contents: result.keys.map((key) => objectEntry(call, bucket, key, encode, fetchOwner)),
    CommonPrefixes: result.commonPrefixes.map((commonPrefix) => ({ Prefix: encode(commonPrefix) })),
  });
}

/**
 * ListObjects (v1, `GET /bucket` without `list-type=2`): pages by `marker`, the last key or
 * common prefix seen. `NextMarker` is sent only when a delimiter was given; without one, clients
 * continue from the last key returned (S3 API reference, ListObjects).
 */
export function listObjects(call: S3Call): AwsResponse {
  const { bucket, prefix, delimiter, maxKeys, encode, encodingType } = listingRequest(call);
  const marker = call.request.query.get('marker');
  const result = page(currentKeys(call, bucket), prefix, delimiter, marker || undefined, maxKeys);
  return xmlResponse('ListBucketResult', {
    Name: bucket.name,
    Prefix: encode(prefix),
    ...(marker !== undefined && { Marker: encode(marker) }),
    ...(result.truncated &&
      delimiter !== undefined &&
      result.last !== undefined && { NextMarker: encode(result.last) }),
    MaxKeys: maxKeys,
    ...(delimiter !== undefined && { Delimiter: encode(delimiter) }),
    IsTruncated: result.truncated,
    EncodingType: encodingType,
    Contents: result.keys.map((key) => objectEntry(call, bucket, key, encode, true)),
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

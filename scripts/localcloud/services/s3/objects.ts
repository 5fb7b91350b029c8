import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { AwsResponse } from '../../core/request';
import { decodeAwsChunked } from './aws-chunked';
import {
  CHECKSUM_ALGORITHMS,
  checksumBase64,
  checksumHeader,
  type ChecksumAlgorithm,
} from './checksums';
import { emitObjectCreated, emitObjectDeleted } from './events';
import { header, storedHeaders, userMetadata, type S3Call } from './s3-call';
import type { ObjectVersion } from './store';

/** S3 limits user metadata (names and values of x-amz-meta-*) to 2 KB. */
const MAX_METADATA_BYTES = 2048;
/** A single PUT may carry at most 5 GB. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;

/** The object bytes of an upload, after removing aws-chunked framing and checking every digest sent. */
export function uploadedBody(call: S3Call): {
  body: Buffer;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
} {
  let body = call.request.body;
  const trailerValues = new Map<string, string>();
  const encoding = header(call, 'content-encoding') ?? '';
  const contentSha = header(call, 'x-amz-content-sha256') ?? '';
  if (encoding.includes('aws-chunked') || contentSha.startsWith('STREAMING-')) {
    const decoded = decodeAwsChunked(body);
    body = decoded.data;
    decoded.trailers.forEach((value, name) => trailerValues.set(name, value));
    const declared = header(call, 'x-amz-decoded-content-length');
    if (declared !== undefined && Number(declared) !== body.length) {
      throw new AwsError(
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
        400,
      );
    }
  } else if (/^[0-9a-f]{64}$/.test(contentSha)) {
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== contentSha) {
      throw new AwsError(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        400,
        {
          fields: { ClientComputedContentSHA256: contentSha, S3ComputedContentSHA256: actual },
        },
      );
    }
  }

  const contentMd5 = header(call, 'content-md5');
  if (contentMd5 !== undefined) {
    if (!/^[A-Za-z0-9+/]{22}==$/.test(contentMd5)) {
      throw new AwsError('InvalidDigest', 'The Content-MD5 you specified was invalid.', 400, {
        fields: { 'Content-MD5': contentMd5 },
      });
    }
    if (createHash('md5').update(body).digest('base64') !== contentMd5) {
      throw new AwsError(
        'BadDigest',
        'The Content-MD5 you specified did not match what we received.',
        400,
        {
          fields: { ExpectedDigest: contentMd5 },
        },
      );
    }
  }

  let checksum: { algorithm: ChecksumAlgorithm; value: string } | undefined;
  for (const algorithm of CHECKSUM_ALGORITHMS) {
    const name = checksumHeader(algorithm);
    const sent = header(call, name) ?? trailerValues.get(name);
    if (sent === undefined) continue;
    const actual = checksumBase64(algorithm, body);
    if (actual !== sent) {
      throw new AwsError(
        'BadDigest',
        `The ${algorithm} you specified did not match the calculated checksum.`,
        400,
      );
    }
    checksum = { algorithm, value: sent };
  }
  return { body, ...(checksum && { checksum }) };
}

export function validateMetadata(metadata: Record<string, string>): void {
  const size = Object.entries(metadata).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );
  if (size > MAX_METADATA_BYTES) {
    throw new AwsError(
      'MetadataTooLarge',
      'Your metadata headers exceed the maximum allowed metadata size.',
      400,
      {
        fields: { Size: size, MaxSizeAllowed: MAX_METADATA_BYTES },
      },
    );
  }
}

/** If-Match / If-None-Match on writes (S3 conditional writes). */
function checkWritePreconditions(call: S3Call, existing: ObjectVersion | undefined): void {
  const current = existing && !existing.isDeleteMarker ? existing : undefined;
  const ifNoneMatch = header(call, 'if-none-match');
  if (ifNoneMatch === '*' && current) {
    throw new AwsError(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        fields: { Condition: 'If-None-Match' },
      },
    );
  }
  const ifMatch = header(call, 'if-match');
  if (ifMatch !== undefined) {
    if (!current)
      throw new AwsError('NoSuchKey', 'The specified key does not exist.', 404, {
        fields: { Key: call.key },
      });
    if (!etagMatches(ifMatch, current.etag)) {
      throw new AwsError(
        'PreconditionFailed',
        'At least one of the pre-conditions you specified did not hold',
        412,
        {
          fields: { Condition: 'If-Match' },
        },
      );
    }
  }
}

export function putObject(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  if (call.key.length > 1024 || Buffer.byteLength(call.key) > 1024) {
    throw new AwsError('KeyTooLongError', 'Your key is too long', 400);
  }
  const { body, checksum } = uploadedBody(call);
  if (body.length > MAX_PUT_BYTES) {
    throw new AwsError(
      'EntityTooLarge',
      'Your proposed upload exceeds the maximum allowed size',
      400,
      {
        fields: { ProposedSize: body.length, MaxSizeAllowed: MAX_PUT_BYTES },
      },
    );
  }
  const metadata = userMetadata(call);
  validateMetadata(metadata);
  checkWritePreconditions(call, call.store.latest(bucket, call.key));

  const version: ObjectVersion = {
    key: call.key,
    versionId: call.store.newVersionId(bucket),
    isDeleteMarker: false,
    body,
    etag: `"${createHash('md5').update(body).digest('hex')}"`,
    lastModified: call.context.now(),
    contentType: header(call, 'content-type') ?? 'binary/octet-stream',
    metadata,
    headers: storedHeaders(call),
    ...(checksum && { checksum: { ...checksum, type: 'FULL_OBJECT' as const } }),
    storageClass: header(call, 'x-amz-storage-class') ?? 'STANDARD',
  };
  call.store.write(bucket, version);
  emitObjectCreated(
    call.context,
    bucket,
    version,
    call.store.nextSequencer(),
    'PutObject',
    call.request.requestId,
  );
  return {
    status: 200,
    headers: {
      etag: version.etag,
      'x-amz-server-side-encryption': 'AES256',
      ...(bucket.versioning !== undefined && { 'x-amz-version-id': version.versionId }),
      ...(checksum && {
        [checksumHeader(checksum.algorithm)]: checksum.value,
        'x-amz-checksum-type': 'FULL_OBJECT',
      }),
    },
  };
}

export function getOrHeadObject(call: S3Call): AwsResponse {
  const bucket = call.store.bucket(call.bucketName);
  const versionId = call.request.query.get('versionId');
  const version =
    versionId !== undefined
      ? call.store.version(bucket, call.key, versionId)
      : call.store.current(bucket, call.key);
  if (version.isDeleteMarker) {
    throw new AwsError(
      'MethodNotAllowed',
      'The specified method is not allowed against this resource.',
      405,
      {
        fields: { Method: call.request.method, ResourceType: 'DeleteMarker' },
        headers: {
          'x-amz-delete-marker': 'true',
          'x-amz-version-id': version.versionId,
          'last-modified': version.lastModified.toUTCString(),
        },
      },
    );
  }
  const notModified = checkReadPreconditions(call, version);
  const headers: Record<string, string> = {
    etag: version.etag,
    'last-modified': version.lastModified.toUTCString(),
    'content-type': version.contentType,
    'accept-ranges': 'bytes',
    'x-amz-server-side-encryption': 'AES256',
    ...version.headers,
    ...(bucket.versioning !== undefined && { 'x-amz-version-id': version.versionId }),
    ...(version.storageClass !== 'STANDARD' && { 'x-amz-storage-class': version.storageClass }),
    ...(version.partsCount !== undefined && { 'x-amz-mp-parts-count': String(version.partsCount) }),
  };
  for (const [name, value] of Object.entries(version.metadata))
    headers[`x-amz-meta-${name}`] = value;
  for (const [query, name] of RESPONSE_OVERRIDES) {
    const value = call.request.query.get(query);
    if (value !== undefined) headers[name] = value;
  }
  if (notModified)
    return {
      status: 304,
      headers: { etag: version.etag, 'last-modified': headers['last-modified']! },
    };

  const range = parseRange(header(call, 'range'), version.body.length);
  if (
    range === undefined &&
    version.checksum &&
    header(call, 'x-amz-checksum-mode') === 'ENABLED'
  ) {
    headers[checksumHeader(version.checksum.algorithm)] = version.checksum.value;
    headers['x-amz-checksum-type'] = version.checksum.type;
  }
  if (range === undefined) {
    return {
      status: 200,
      headers: { ...headers, 'content-length': String(version.body.length) },
      body: version.body,
    };
  }
  const slice = version.body.subarray(range.start, range.end + 1);
  return {
    status: 206,
    headers: {
      ...headers,
      'content-range': `bytes ${range.start}-${range.end}/${version.body.length}`,
      'content-length': String(slice.length),
    },
    body: slice,
  };
}

/** Query parameters of a (presigned) GET that override response headers. */
const RESPONSE_OVERRIDES = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
] as const;

/**
 * `bytes=a-b`, `bytes=a-`, `bytes=-n`. S3 serves one range; a header it cannot parse, or a
 * multi-range request, is ignored and the whole object is returned.
 */
export function parseRange(
  value: string | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(value.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) throw invalidRange(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
    if (last !== '' && Number(last) < start) return undefined;
  }
  if (start >= size) throw invalidRange(size);
  return { start, end };
}

function invalidRange(size: number): AwsError {
  return new AwsError('InvalidRange', 'The requested range is not satisfiable', 416, {
    fields: { RangeRequested: 'bytes', ActualObjectSize: size },
    headers: { 'content-range': `bytes */${size}` },
  });
}

/** Returns true when the client's cached copy is current (304); throws 412 on a failed If-Match. */
function checkReadPreconditions(call: S3Call, version: ObjectVersion): boolean {
  const ifMatch = header(call, 'if-match');
  const ifNoneMatch = header(call, 'if-none-match');
  const ifModifiedSince = parseHttpDate(header(call, 'if-modified-since'));
  const ifUnmodifiedSince = parseHttpDate(header(call, 'if-unmodified-since'));
  const modified = Math.floor(version.lastModified.getTime() / 1000) * 1000;
  const failed = () =>
    new AwsError(
      'PreconditionFailed',
      'At least one of the pre-conditions you specified did not hold',
      412,
      {
        fields: { Condition: ifMatch !== undefined ? 'If-Match' : 'If-Unmodified-Since' },
      },
    );
  if (ifMatch !== undefined && !etagMatches(ifMatch, version.etag)) throw failed();
  if (
    ifMatch === undefined &&
    ifUnmodifiedSince !== undefined &&
    modified > ifUnmodifiedSince.getTime()
  )
    throw failed();
  if (ifNoneMatch !== undefined) return etagMatches(ifNoneMatch, version.etag);
  return ifModifiedSince !== undefined && modified <= ifModifiedSince.getTime();
}

function etagMatches(condition: string, etag: string): boolean {
  return condition
    .split(',')
    .map((candidate) => candidate.trim())
    .some(
      (candidate) => candidate === '*' || candidate.replace(/"/g, '') === etag.replace(/"/g, ''),
    );
}

function parseHttpDate(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** One deletion, as both DeleteObject and DeleteObjects perform it. */
export function deleteOne(
  call: S3Call,
  key: string,
  versionId: string | undefined,
  reason: 'DeleteObject' | 'DeleteObjects',
): { deleteMarker: boolean; versionId?: string } {
  const bucket = call.store.bucket(call.bucketName);
  if (versionId !== undefined) {
    const removed = call.store.removeVersion(bucket, key, versionId);
    if (removed) {
      emitObjectDeleted(
        call.context,
        bucket,
        key,
        versionId,
        'Permanently Deleted',
        call.store.nextSequencer(),
        reason,
        call.request.requestId,
      );
    }
    return { deleteMarker: removed?.isDeleteMarker ?? false, versionId };
  }
  if (bucket.versioning === undefined) {
    const removed = call.store.removeVersion(bucket, key, 'null');
    if (removed) {
      emitObjectDeleted(
        call.context,
        bucket,
        key,
        undefined,
        'Permanently Deleted',
        call.store.nextSequencer(),
        reason,
        call.request.requestId,
      );
    }
    return { deleteMarker: false };
  }
  const marker: ObjectVersion = {
    key,
    versionId: call.store.newVersionId(bucket),
    isDeleteMarker: true,
    body: Buffer.alloc(0),
    etag: '',
    lastModified: call.context.now(),
    contentType: '',
    metadata: {},
    headers: {},
    storageClass: 'STANDARD',
  };
  call.store.write(bucket, marker);
  emitObjectDeleted(
    call.context,
    bucket,
    key,
    marker.versionId,
    'Delete Marker Created',
    call.store.nextSequencer(),
    reason,
    call.request.requestId,
  );
  return { deleteMarker: true, versionId: marker.versionId };
}

export function deleteObject(call: S3Call): AwsResponse {
  const result = deleteOne(call, call.key, call.request.query.get('versionId'), 'DeleteObject');
  return {
    status: 204,
    headers: {
      ...(result.deleteMarker && { 'x-amz-delete-marker': 'true' }),
      ...(result.versionId !== undefined && { 'x-amz-version-id': result.versionId }),
    },
  };
}

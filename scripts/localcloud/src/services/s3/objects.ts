import { createHash } from 'node:crypto';
import { AwsError } from '../../core/aws-error';
import type { AwsResponse } from '../../core/request';
import { checksumHeader } from './checksums';
import { emitObjectCreated, emitObjectDeleted } from './events';
import {
  checkReadPreconditions,
  etagMatches,
  parseRange,
  partRead,
  RESPONSE_OVERRIDES,
} from './read-conditions';
import { header, storedHeaders, userMetadata, type S3Call } from './s3-call';
import type { ObjectVersion } from './store';
import { MAX_PUT_BYTES, uploadedBody, validateMetadata } from './uploads';

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

  const part = partRead(call, version);
  if (part?.partsCount !== undefined) headers['x-amz-mp-parts-count'] = String(part.partsCount);
  const range = part ?? parseRange(header(call, 'range'), version.body.length);
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

/**
 * S3 over REST-XML. Requests are addressed path-style (`/bucket/key`, what SDKs use against an
 * IP endpoint) or virtual-hosted (`bucket.localhost:4566/key`); the operation is chosen by
 * method, key and sub-resource, as S3 does.
 */
import { AwsError } from '../../core/aws-error';
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { headerValue, type AwsRequest, type AwsResponse } from '../../core/request';
import type { SigV4Auth } from '../../core/sigv4';
import {
  createBucket,
  deleteBucket,
  getBucketLocation,
  getBucketNotificationConfiguration,
  getBucketVersioning,
  headBucket,
  listBuckets,
  putBucketNotificationConfiguration,
  putBucketVersioning,
} from './buckets';
import { renderS3Error } from './errors';
import { deleteObjects } from './delete-objects';
import { listObjects, listObjectsV2 } from './listing';
import {
  abortMultipartUpload,
  completeMultipartUpload,
  createMultipartUpload,
  listParts,
  uploadPart,
} from './multipart';
import { deleteObject, getOrHeadObject, putObject } from './objects';
import type { S3Call } from './s3-call';
import { S3Store } from './store';
import { listObjectVersions } from './version-listing';

type Operation = (call: S3Call) => AwsResponse;
/** What routing needs to know of a call: method, sub-resources, bucket and key. */
type Address = Pick<S3Call, 'request' | 'bucketName' | 'key'>;

export interface S3Service extends ServiceHandler {
  readonly store: S3Store;
}

export function createS3Service(context: LocalCloudContext): S3Service {
  const store = new S3Store();
  context.bus.readObject = (bucket, key) => {
    const latest = store.buckets.get(bucket)?.objects.get(key)?.[0];
    return latest && !latest.isDeleteMarker ? latest.body : undefined;
  };
  context.bus.listObjects = (bucket, prefix) => {
    const found = store.buckets.get(bucket);
    if (!found) return [];
    return store
      .sortedKeys(found)
      .filter((key) => key.startsWith(prefix))
      .flatMap((key) => {
        const latest = found.objects.get(key)?.[0];
        return latest && !latest.isDeleteMarker ? [{ key, size: latest.body.length }] : [];
      });
  };

  return {
    signingName: 's3',
    family: 's3',
    store,
    renderError: renderS3Error,
    reset: () => store.reset(),
    snapshot: () => store.snapshot(),
    restore: (state) => store.restore(state),
    operationName(request: AwsRequest) {
      try {
        const { bucketName, key } = address(request);
        const operation = operationFor({ request, bucketName, key });
        if (operation === getOrHeadObject)
          return request.method === 'HEAD' ? 'HeadObject' : 'GetObject';
        return OPERATION_NAMES.get(operation);
      } catch {
        return undefined;
      }
    },
    handle(request: AwsRequest, auth: SigV4Auth) {
      const { bucketName, key } = address(request);
      const call: S3Call = { request, auth, store, context, bucketName, key };
      return Promise.resolve(operationFor(call)(call));
    },
  };
}

const OPERATION_NAMES = new Map<Operation, string>([
  [createBucket, 'CreateBucket'],
  [deleteBucket, 'DeleteBucket'],
  [headBucket, 'HeadBucket'],
  [listBuckets, 'ListBuckets'],
  [getBucketLocation, 'GetBucketLocation'],
  [putBucketVersioning, 'PutBucketVersioning'],
  [getBucketVersioning, 'GetBucketVersioning'],
  [putBucketNotificationConfiguration, 'PutBucketNotificationConfiguration'],
  [getBucketNotificationConfiguration, 'GetBucketNotificationConfiguration'],
  [listObjects, 'ListObjects'],
  [listObjectsV2, 'ListObjectsV2'],
  [listObjectVersions, 'ListObjectVersions'],
  [deleteObjects, 'DeleteObjects'],
  [putObject, 'PutObject'],
  [deleteObject, 'DeleteObject'],
  [createMultipartUpload, 'CreateMultipartUpload'],
  [uploadPart, 'UploadPart'],
  [completeMultipartUpload, 'CompleteMultipartUpload'],
  [abortMultipartUpload, 'AbortMultipartUpload'],
  [listParts, 'ListParts'],
]);

/** Bucket and decoded key of a request, path-style or virtual-hosted. */
function address(request: AwsRequest): { bucketName: string; key: string } {
  const host = (headerValue(request, 'host') ?? '').replace(/:\d+$/, '');
  const virtualHost = /^(.+)\.(?:s3\.)?localhost$/.exec(host);
  const path = request.rawPath.startsWith('/') ? request.rawPath.slice(1) : request.rawPath;
  if (virtualHost?.[1]) return { bucketName: virtualHost[1], key: decodeKey(path) };
  const slash = path.indexOf('/');
  if (slash === -1) return { bucketName: decodeKey(path), key: '' };
  return { bucketName: decodeKey(path.slice(0, slash)), key: decodeKey(path.slice(slash + 1)) };
}

/** Keys arrive percent-encoded; `+` in a path is a literal plus. */
function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AwsError('InvalidURI', "Couldn't parse the specified URI.", 400, {
      fields: { URI: raw },
    });
  }
}

function operationFor(call: Address): Operation {
  const { method, query } = call.request;
  const has = (name: string) => query.has(name);
  if (call.bucketName === '') {
    if (method === 'GET') return listBuckets;
    throw notAllowed(call);
  }
  if (call.key === '') {
    switch (method) {
      case 'PUT':
        if (has('versioning')) return putBucketVersioning;
        if (has('notification')) return putBucketNotificationConfiguration;
        if (hasOtherSubresource(call)) throw notImplemented(call);
        return createBucket;
      case 'GET':
        if (has('versioning')) return getBucketVersioning;
        if (has('notification')) return getBucketNotificationConfiguration;
        if (has('location')) return getBucketLocation;
        if (has('versions')) return listObjectVersions;
        if (query.get('list-type') === '2') return listObjectsV2;
        if (hasOtherSubresource(call)) throw notImplemented(call);
        return listObjects;
      case 'HEAD':
        return headBucket;
      case 'DELETE':
        if (hasOtherSubresource(call)) throw notImplemented(call);
        return deleteBucket;
      case 'POST':
        if (has('delete')) return deleteObjects;
        throw notImplemented(call);
      default:
        throw notAllowed(call);
    }
  }
  switch (method) {
    case 'PUT':
      if (has('uploadId') && has('partNumber')) {
        if (headerValue(call.request, 'x-amz-copy-source') !== undefined)
          throw notImplemented(call);
        return uploadPart;
      }
      if (headerValue(call.request, 'x-amz-copy-source') !== undefined) throw notImplemented(call);
      if (hasOtherSubresource(call)) throw notImplemented(call);
      return putObject;
    case 'GET':
      if (has('uploadId')) return listParts;
      if (hasOtherSubresource(call)) throw notImplemented(call);
      return getOrHeadObject;
    case 'HEAD':
      return getOrHeadObject;
    case 'DELETE':
      if (has('uploadId')) return abortMultipartUpload;
      return deleteObject;
    case 'POST':
      if (has('uploads')) return createMultipartUpload;
      if (has('uploadId')) return completeMultipartUpload;
      throw notImplemented(call);
    default:
      throw notAllowed(call);
  }
}

/** Query parameters that select operations or modify reads; anything else names an unemulated sub-resource. */
const KNOWN_PARAMETERS = new Set([
  'versionId',
  'uploadId',
  'partNumber',
  'uploads',
  'delete',
  'versions',
  'versioning',
  'notification',
  'location',
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'fetch-owner',
  'encoding-type',
  'key-marker',
  'version-id-marker',
  'marker',
  'x-id',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
]);

/** Presigners hoist `x-amz-*` headers into the query (`X-Amz-Signature`, `x-amz-checksum-mode`, …). */
function isHoistedHeader(name: string): boolean {
  return name.toLowerCase().startsWith('x-amz-');
}

function hasOtherSubresource(call: Address): boolean {
  return [...call.request.query.keys()].some(
    (name) => !KNOWN_PARAMETERS.has(name) && !isHoistedHeader(name),
  );
}

function notImplemented(call: Address): AwsError {
  const subresources = [...call.request.query.keys()]
    .filter((name) => !isHoistedHeader(name))
    .join(', ');
  return new AwsError(
    'NotImplemented',
    `localcloud does not implement ${call.request.method} ${call.key === '' ? 'bucket' : 'object'}${subresources ? ` with ${subresources}` : ''}; see scripts/localcloud/README.md`,
    501,
  );
}

function notAllowed(call: Address): AwsError {
  return new AwsError(
    'MethodNotAllowed',
    'The specified method is not allowed against this resource.',
    405,
    {
      fields: { Method: call.request.method, ResourceType: call.key === '' ? 'BUCKET' : 'OBJECT' },
    },
  );
}

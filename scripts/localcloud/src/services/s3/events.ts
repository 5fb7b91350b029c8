/**
 * S3 → EventBridge notifications, in the shape S3 sends them ("Object Created" /
 * "Object Deleted", detail version 0, with the key's sequencer), published to the default bus
 * when the bucket has EventBridge notifications enabled. The fields are those of the S3 user
 * guide's "EventBridge event message structure" and of events recorded from AWS (LocalStack's
 * validated snapshots): no size on deletes, an ETag only on a delete marker (the empty body's).
 */
import { randomUUID } from 'node:crypto';
import type { LocalCloudContext } from '../../core/context';
import type { Bucket, ObjectVersion } from './store';

export type CreatedReason = 'PutObject' | 'CompleteMultipartUpload' | 'CopyObject';
export type DeletedReason = 'DeleteObject' | 'DeleteObjects';

/**
 * Keys in S3 notifications are encoded as `application/x-www-form-urlencoded` (S3's words):
 * space → '+', everything but letters, digits and `*-._` → `%XX` of its UTF-8 bytes, which is
 * what URLSearchParams writes. S3 leaves '/' as it is. AWS documents this for the classic
 * notification format only; docs/decisions.md says why EventBridge events are taken to be the
 * same, and why the functions accept the key as sent too.
 */
export function encodeEventKey(key: string): string {
  return new URLSearchParams({ key }).toString().slice('key='.length).replace(/%2F/g, '/');
}

/** The ETag S3 gives a delete marker in its event: the MD5 of an empty body. */
const DELETE_MARKER_ETAG = 'd41d8cd98f00b204e9800998ecf8427e';

/** S3 reports any deletion by a request as DeleteObject, DeleteObjects included. */
const DELETED_REASON: Readonly<Record<DeletedReason, string>> = {
  DeleteObject: 'DeleteObject',
  DeleteObjects: 'DeleteObject',
};

export function emitObjectCreated(
  context: LocalCloudContext,
  bucket: Bucket,
  version: ObjectVersion,
  sequencer: string,
  reason: CreatedReason,
  requestId: string,
): void {
  if (!bucket.eventBridgeEnabled) return;
  emit(context, bucket, 'Object Created', {
    object: {
      key: encodeEventKey(version.key),
      size: version.body.length,
      etag: version.etag.replace(/"/g, ''),
      ...(version.versionId !== 'null' && { 'version-id': version.versionId }),
      sequencer,
    },
    'request-id': requestId,
    requester: context.accountId,
    'source-ip-address': '127.0.0.1',
    reason,
  });
}

export function emitObjectDeleted(
  context: LocalCloudContext,
  bucket: Bucket,
  key: string,
  versionId: string | undefined,
  deletionType: 'Permanently Deleted' | 'Delete Marker Created',
  sequencer: string,
  reason: DeletedReason,
  requestId: string,
): void {
  if (!bucket.eventBridgeEnabled) return;
  emit(context, bucket, 'Object Deleted', {
    object: {
      key: encodeEventKey(key),
      ...(deletionType === 'Delete Marker Created' && { etag: DELETE_MARKER_ETAG }),
      ...(versionId !== undefined && versionId !== 'null' && { 'version-id': versionId }),
      sequencer,
    },
    'request-id': requestId,
    requester: context.accountId,
    'source-ip-address': '127.0.0.1',
    reason: DELETED_REASON[reason],
    'deletion-type': deletionType,
  });
}

function emit(
  context: LocalCloudContext,
  bucket: Bucket,
  detailType: string,
  detail: Record<string, unknown>,
): void {
  context.bus.putEvent?.({
    version: '0',
    id: randomUUID(),
    'detail-type': detailType,
    source: 'aws.s3',
    account: context.accountId,
    time: context
      .now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z'),
    region: context.region,
    resources: [`arn:aws:s3:::${bucket.name}`],
    detail: { version: '0', bucket: { name: bucket.name }, ...detail },
  });
}

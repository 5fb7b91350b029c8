/**
 * S3 → EventBridge notifications, in the shape S3 sends them ("Object Created" /
 * "Object Deleted", detail version 0, with the key's sequencer), published to the default bus
 * when the bucket has EventBridge notifications enabled.
 */
import { randomUUID } from 'node:crypto';
import type { LocalCloudContext } from '../../core/context';
import type { Bucket, ObjectVersion } from './store';

export type CreatedReason = 'PutObject' | 'CompleteMultipartUpload' | 'CopyObject';
export type DeletedReason = 'DeleteObject' | 'DeleteObjects';

/**
 * Keys in S3 notifications are URL-encoded the way HTML forms are (space → '+'), as S3's
 * notification documentation states; consumers decode with
 * `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
export function encodeEventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

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
      ...(versionId !== undefined && versionId !== 'null' && { 'version-id': versionId }),
      sequencer,
    },
    'request-id': requestId,
    requester: context.accountId,
    'source-ip-address': '127.0.0.1',
    reason,
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

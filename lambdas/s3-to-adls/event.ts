/**
 * Decoding the SQS message body into the S3 object event it carries. The body is the
 * EventBridge event S3 emitted, validated with the Powertools Parser's S3-over-EventBridge
 * schema so the shape we rely on is the one AWS documents.
 */
import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import { InvalidEventError } from './errors';

export type S3ObjectEventKind = 'created' | 'deleted';

export interface S3ObjectEvent {
  readonly kind: S3ObjectEventKind;
  readonly bucket: string;
  /** Decoded object key (S3 sends it form-URL-encoded). */
  readonly key: string;
  readonly size?: number;
  /** Without quotes, as S3 puts it in events. */
  readonly etag?: string;
  readonly versionId?: string;
  /** Hex string ordering the changes of one key (compare with `compareSequencers`). */
  readonly sequencer?: string;
  /** When S3 emitted the event. */
  readonly time: Date;
  readonly deletionType?: string;
}

const DETAIL_TYPES: Readonly<Record<string, S3ObjectEventKind>> = {
  'Object Created': 'created',
  'Object Deleted': 'deleted',
};

/** S3 encodes keys in notifications the way HTML forms do: space → '+', the rest %XX. */
export function decodeEventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (cause) {
    throw new InvalidEventError(`Object key "${encoded}" is not valid URL encoding`, { cause });
  }
}

/** Parses one SQS message body. @throws InvalidEventError saying what is wrong. */
export function parseS3ObjectEvent(body: string): S3ObjectEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new InvalidEventError('SQS message body is not JSON', { cause });
  }
  const parsed = S3EventNotificationEventBridgeSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new InvalidEventError(`Not an S3 EventBridge event: ${issues}`);
  }
  const event = parsed.data;
  if (event.source !== 'aws.s3') {
    throw new InvalidEventError(`Unexpected event source "${event.source}" (expected aws.s3)`);
  }
  const kind = DETAIL_TYPES[event['detail-type']];
  if (!kind) {
    throw new InvalidEventError(
      `Unsupported detail-type "${event['detail-type']}" (expected Object Created or Object Deleted)`,
    );
  }
  const { object, bucket } = event.detail;
  return {
    kind,
    bucket: bucket.name,
    key: decodeEventKey(object.key),
    time: new Date(event.time),
    ...(object.size !== undefined && { size: object.size }),
    ...(object.etag !== undefined && { etag: object.etag.replace(/"/g, '') }),
    ...(object['version-id'] !== undefined && { versionId: object['version-id'] }),
    ...(object.sequencer !== undefined && { sequencer: object.sequencer }),
    ...(event.detail['deletion-type'] !== undefined && {
      deletionType: event.detail['deletion-type'],
    }),
  };
}

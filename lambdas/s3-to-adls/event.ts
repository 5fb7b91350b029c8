/**
 * Decoding the SQS message body into the S3 object event it carries. The body is the
 * EventBridge event S3 emitted, validated by lambdas/shared/s3-event-bridge.ts against the
 * Powertools Parser's schema, so the shape relied on is the one AWS documents.
 */
import {
  eventKeyReadings,
  parseS3EventBridgeBody,
  type EventErrorFactory,
} from '../shared/s3-event-bridge';
import { InvalidEventError } from './errors';

export type S3ObjectEventKind = 'created' | 'deleted';

export interface S3ObjectEvent {
  readonly kind: S3ObjectEventKind;
  readonly bucket: string;
  /** The object key: the likeliest reading of the event's key (form-URL-decoded). */
  readonly key: string;
  /**
   * Other readings of the event's key (the key as sent), tried when `key` names no object
   * (`resolveEventKeys`); empty when the event can mean only one key.
   */
  readonly alternativeKeys: readonly string[];
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

const invalidEvent: EventErrorFactory = (message, options) =>
  new InvalidEventError(message, options);

/** Parses one SQS message body. @throws InvalidEventError saying what is wrong. */
export function parseS3ObjectEvent(body: string): S3ObjectEvent {
  const event = parseS3EventBridgeBody(body, invalidEvent);
  const kind = DETAIL_TYPES[event['detail-type']];
  if (!kind) {
    throw new InvalidEventError(
      `Unsupported detail-type "${event['detail-type']}" (expected Object Created or Object Deleted)`,
    );
  }
  const { object, bucket } = event.detail;
  const [key, ...alternativeKeys] = eventKeyReadings(object.key);
  return {
    kind,
    bucket: bucket.name,
    key,
    alternativeKeys,
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

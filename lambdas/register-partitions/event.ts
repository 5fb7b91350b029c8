/**
 * The SQS message body is the EventBridge event S3 emitted (lambdas/shared/s3-event-bridge.ts
 * validates it); registration needs only its detail type, bucket and key.
 */
import {
  decodeEventKey,
  parseS3EventBridgeBody,
  type EventErrorFactory,
} from '../shared/s3-event-bridge';
import { InvalidEventError } from './errors';

export interface S3ObjectNotice {
  /** `Object Created`, `Object Deleted`, …: only the first registers anything. */
  readonly detailType: string;
  readonly bucket: string;
  /** Decoded object key. */
  readonly key: string;
}

const invalidEvent: EventErrorFactory = (message, options) =>
  new InvalidEventError(message, options);

/** Reads one SQS message body. @throws InvalidEventError saying what is wrong with it. */
export function parseS3ObjectNotice(body: string): S3ObjectNotice {
  const event = parseS3EventBridgeBody(body, invalidEvent);
  return {
    detailType: event['detail-type'],
    bucket: event.detail.bucket.name,
    key: decodeEventKey(event.detail.object.key, invalidEvent),
  };
}

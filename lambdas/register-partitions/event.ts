/**
 * The SQS message body is the EventBridge event S3 emitted (lambdas/shared/s3-event-bridge.ts
 * validates it); registration needs only its detail type, bucket and key.
 */
import {
  eventKeyReadings,
  parseS3EventBridgeBody,
  type EventErrorFactory,
} from '../shared/s3-event-bridge';
import { InvalidEventError } from './errors';

export interface S3ObjectNotice {
  /** `Object Created`, `Object Deleted`, …: only the first registers anything. */
  readonly detailType: string;
  readonly bucket: string;
  /**
   * The keys the event's key may stand for, the likeliest (form-URL-decoded) first, then the
   * key as sent when it differs (see `eventKeyReadings`).
   */
  readonly keys: readonly [string, ...string[]];
}

const invalidEvent: EventErrorFactory = (message, options) =>
  new InvalidEventError(message, options);

/** Reads one SQS message body. @throws InvalidEventError saying what is wrong with it. */
export function parseS3ObjectNotice(body: string): S3ObjectNotice {
  const event = parseS3EventBridgeBody(body, invalidEvent);
  return {
    detailType: event['detail-type'],
    bucket: event.detail.bucket.name,
    keys: eventKeyReadings(event.detail.object.key),
  };
}

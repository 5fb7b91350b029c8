/**
 * The SQS message body is the EventBridge event S3 emitted. It is validated with the Powertools
 * Parser's S3-over-EventBridge schema, so the fields read here are the ones AWS documents.
 */
import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import { InvalidEventError } from './errors';

export interface S3ObjectNotice {
  /** `Object Created`, `Object Deleted`, …: only the first registers anything. */
  readonly detailType: string;
  readonly bucket: string;
  /** Decoded object key. */
  readonly key: string;
}

/**
 * S3 encodes keys in notifications as HTML forms do: a space is `+`, everything else `%XX`,
 * so `+` must become a space before the percent-decoding (a literal `+` arrives as `%2B`).
 */
export function decodeEventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (cause) {
    throw new InvalidEventError(`Object key "${encoded}" is not valid URL encoding`, { cause });
  }
}

/** Reads one SQS message body. @throws InvalidEventError saying what is wrong with it. */
export function parseS3ObjectNotice(body: string): S3ObjectNotice {
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
  if (event.source !== 'aws.s3')
    throw new InvalidEventError(`Unexpected event source "${event.source}" (expected aws.s3)`);
  return {
    detailType: event['detail-type'],
    bucket: event.detail.bucket.name,
    key: decodeEventKey(event.detail.object.key),
  };
}

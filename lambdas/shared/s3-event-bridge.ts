/**
 * S3 object notifications as the functions receive them: the EventBridge event S3 emitted, as
 * the body of an SQS message. Validated with the Powertools Parser's S3-over-EventBridge schema,
 * so every field a function reads is one AWS documents. Each function raises its own error
 * class (`fail`), because each decides retry or give-up from its own error types.
 */
import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import type { z } from 'zod';

export type S3EventBridgeEvent = z.infer<typeof S3EventNotificationEventBridgeSchema>;

/** Builds the caller's error for a body or key that cannot be read. */
export type EventErrorFactory = (message: string, options?: ErrorOptions) => Error;

/**
 * S3 encodes keys in notifications as HTML forms do: a space is `+`, everything else `%XX`, so
 * `+` must become a space before the percent-decoding (a literal `+` arrives as `%2B`).
 */
export function decodeEventKey(encoded: string, fail: EventErrorFactory): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (cause) {
    throw fail(`Object key "${encoded}" is not valid URL encoding`, { cause });
  }
}

/** One SQS message body as an S3 event from `aws.s3`. @throws what `fail` builds, saying why. */
export function parseS3EventBridgeBody(body: string, fail: EventErrorFactory): S3EventBridgeEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw fail('SQS message body is not JSON', { cause });
  }
  const parsed = S3EventNotificationEventBridgeSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw fail(`Not an S3 EventBridge event: ${issues}`);
  }
  if (parsed.data.source !== 'aws.s3')
    throw fail(`Unexpected event source "${parsed.data.source}" (expected aws.s3)`);
  return parsed.data;
}

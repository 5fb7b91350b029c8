/**
 * S3 object notifications as the functions receive them: the EventBridge event S3 emitted, as
 * the body of an SQS message. Validated with the Powertools Parser's S3-over-EventBridge schema,
 * so every field a function reads is one AWS documents, plus what the schema leaves open (a
 * sequencer must be hexadecimal). Each function raises its own error class (`fail`), because
 * each decides retry or give-up from its own error types.
 */
import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import type { z } from 'zod';

export type S3EventBridgeEvent = z.infer<typeof S3EventNotificationEventBridgeSchema>;

/** Builds the caller's error for a body or key that cannot be read. */
export type EventErrorFactory = (message: string, options?: ErrorOptions) => Error;

/**
 * The object keys `detail.object.key` may stand for, the likeliest first. AWS documents form
 * encoding (space as `+`, the rest `%XX`) only for the classic notification format; for
 * EventBridge it says nothing, and emulators send the key raw or percent-encoded (see
 * docs/decisions.md). So the form-decoded reading comes first and the key as sent second,
 * whenever the two differ; a key that is not valid encoding has only its raw reading. Callers
 * must not conclude that an object is gone while another reading may name it.
 */
export function eventKeyReadings(sent: string): readonly [string, ...string[]] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(sent.replace(/\+/g, ' '));
  } catch {
    return [sent];
  }
  return decoded === sent ? [sent] : [decoded, sent];
}

/** S3's sequencers are hexadecimal strings; anything else was not written by S3. */
const HEX_SEQUENCER = /^[0-9A-Fa-f]+$/;

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
  const { sequencer } = parsed.data.detail.object;
  // Refused here, as the invalid event it is, rather than deep in an ordering decision later.
  if (sequencer !== undefined && !HEX_SEQUENCER.test(sequencer))
    throw fail(`Sequencer "${sequencer}" is not hexadecimal`);
  return parsed.data;
}

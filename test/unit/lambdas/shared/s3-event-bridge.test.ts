import {
  eventKeyReadings,
  parseS3EventBridgeBody,
} from '../../../../lambdas/shared/s3-event-bridge';
import { OBJECT_CREATED, objectCreatedEvent } from '../../../fixtures/events/s3-events';

class CallerError extends Error {
  override readonly name = 'CallerError';
}
const fail = (message: string, options?: ErrorOptions) => new CallerError(message, options);

describe('eventKeyReadings', () => {
  it('reads form encoding first (+ is a space, %2B a plus), then the key as sent', () => {
    expect(eventKeyReadings('a+b%2Bc%25')).toEqual(['a b+c%', 'a+b%2Bc%25']);
  });

  it.each([
    ['a key that no decoding changes', 'web_logs/year=2026/part-0001.parquet'],
    ['a folder marker', 'web_logs/year=2026/'],
  ])('has one reading for %s', (_what, key) => {
    expect(eventKeyReadings(key)).toEqual([key]);
  });

  it.each([
    ['a lone percent sign', '100%25 done %.json'],
    ['a truncated escape', 'bad%E0%A4%A'],
    ['an escape that is no UTF-8', 'latin-1 %E9t%E9.json'],
  ])('reads a key that is not valid encoding (%s) only as sent, never refusing it', (_, key) => {
    expect(eventKeyReadings(key)).toEqual([key]);
  });
});

describe('parseS3EventBridgeBody', () => {
  it('returns the validated event', () => {
    expect(parseS3EventBridgeBody(JSON.stringify(OBJECT_CREATED), fail).detail.bucket.name).toBe(
      OBJECT_CREATED.detail.bucket.name,
    );
  });

  it.each([
    ['not JSON', '{"oops"', 'SQS message body is not JSON'],
    ['another shape', '{"hello":"world"}', /^Not an S3 EventBridge event: /],
    [
      'another source',
      JSON.stringify({ ...OBJECT_CREATED, source: 'custom.app' }),
      'Unexpected event source "custom.app" (expected aws.s3)',
    ],
  ])("refuses %s with the caller's error", (_what, body, message) => {
    expect(() => parseS3EventBridgeBody(body, fail)).toThrow(CallerError);
    expect(() => parseS3EventBridgeBody(body, fail)).toThrow(message);
  });

  it.each(['not-hex', '00640G', '0x0064', '', ' 0064'])(
    "refuses the non-hexadecimal sequencer %p with the caller's error",
    (sequencer) => {
      const body = JSON.stringify(objectCreatedEvent({ sequencer }));

      expect(() => parseS3EventBridgeBody(body, fail)).toThrow(CallerError);
      expect(() => parseS3EventBridgeBody(body, fail)).toThrow(
        `Sequencer "${sequencer}" is not hexadecimal`,
      );
    },
  );

  it.each(['006408CAD69598B05E', '617f08299329d189'])(
    'takes the hexadecimal sequencer %p in either case',
    (sequencer) => {
      const body = JSON.stringify(objectCreatedEvent({ sequencer }));
      expect(parseS3EventBridgeBody(body, fail).detail.object.sequencer).toBe(sequencer);
    },
  );
});

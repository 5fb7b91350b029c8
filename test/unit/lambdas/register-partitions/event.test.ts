import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import { InvalidEventError } from '../../../../lambdas/register-partitions/errors';
import { parseS3ObjectNotice } from '../../../../lambdas/register-partitions/event';
import {
  OBJECT_CREATED,
  OBJECT_DELETED,
  objectCreatedEvent,
} from '../../../fixtures/events/s3-events';

describe('parseS3ObjectNotice', () => {
  it('reads the detail type, bucket and key readings of an Object Created event, decoded first', () => {
    expect(S3EventNotificationEventBridgeSchema.safeParse(OBJECT_CREATED).success).toBe(true);

    expect(parseS3ObjectNotice(JSON.stringify(OBJECT_CREATED))).toEqual({
      detailType: 'Object Created',
      bucket: 'hybrid-lake-dev-raw-123456789012-eu-west-1',
      keys: [
        'web_logs/year=2026/month=03/day=08/hour=17/part 0001 été+%.parquet',
        OBJECT_CREATED.detail.object.key,
      ],
    });
  });

  it('reads other S3 events too (the caller decides what to do with them)', () => {
    expect(parseS3ObjectNotice(JSON.stringify(OBJECT_DELETED)).detailType).toBe('Object Deleted');
  });

  it.each(['a b+c%d/e', 'ünï/日本/😀.json', "q?&=#'!*()~.txt"])(
    'round-trips %p through S3’s form encoding',
    (key) => {
      expect(parseS3ObjectNotice(JSON.stringify(objectCreatedEvent({ key }))).keys[0]).toBe(key);
    },
  );

  it.each([
    ['not JSON', '{"oops"', /not JSON/],
    ['JSON of another shape', '{"hello":"world"}', /Not an S3 EventBridge event/],
    ['another source', JSON.stringify({ ...OBJECT_CREATED, source: 'custom.app' }), /custom\.app/],
  ])('refuses %s with a typed, permanent error', (_what, body, message) => {
    expect(() => parseS3ObjectNotice(body)).toThrow(InvalidEventError);
    expect(() => parseS3ObjectNotice(body)).toThrow(message);
  });
});

describe('keys', () => {
  it('reads a key that is not valid percent-encoding as sent, rather than refusing it', () => {
    const raw = objectCreatedEvent({ sentKey: 'access_events/100%25 done %.json' });

    expect(parseS3ObjectNotice(JSON.stringify(raw)).keys).toEqual([
      'access_events/100%25 done %.json',
    ]);
  });

  it('refuses a non-hexadecimal sequencer as an invalid event, as the transfer does', () => {
    const forged = JSON.stringify(objectCreatedEvent({ sequencer: 'FFFF-not-hex' }));

    expect(() => parseS3ObjectNotice(forged)).toThrow(InvalidEventError);
  });
});

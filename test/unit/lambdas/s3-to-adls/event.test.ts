import { S3EventNotificationEventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/s3';
import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { InvalidEventError } from '../../../../lambdas/s3-to-adls/errors';
import { parseS3ObjectEvent } from '../../../../lambdas/s3-to-adls/event';
import {
  OBJECT_CREATED,
  OBJECT_DELETED,
  encodeEventKey,
  objectCreatedEvent,
  sqsRecord,
} from '../../../fixtures/events/s3-events';

describe('event fixtures', () => {
  it.each([
    ['Object Created', OBJECT_CREATED],
    ['Object Deleted', OBJECT_DELETED],
  ])('%s validates against the Powertools S3-over-EventBridge schema', (_name, fixture) => {
    expect(S3EventNotificationEventBridgeSchema.safeParse(fixture).success).toBe(true);
  });

  it('wraps events in SQS records that validate against the Powertools SQS record schema', () => {
    expect(SqsRecordSchema.safeParse(sqsRecord(OBJECT_CREATED)).success).toBe(true);
  });
});

describe('parseS3ObjectEvent', () => {
  it('reads an Object Created event with its decoded key', () => {
    const event = parseS3ObjectEvent(JSON.stringify(OBJECT_CREATED));

    expect(event).toEqual({
      kind: 'created',
      bucket: 'hybrid-lake-dev-raw-123456789012-eu-west-1',
      key: 'web_logs/year=2026/month=03/day=08/hour=17/part 0001 été+%.parquet',
      alternativeKeys: [
        'web_logs/year%3D2026/month%3D03/day%3D08/hour%3D17/part+0001+%C3%A9t%C3%A9%2B%25.parquet',
      ],
      size: 184662,
      etag: '4e68adba0abe2dc8653dc3354e14c01d',
      versionId: '3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY',
      sequencer: '006408CAD69598B05E',
      time: new Date('2026-03-08T17:50:14Z'),
    });
  });

  it('reads an Object Deleted event without size or ETag', () => {
    const event = parseS3ObjectEvent(JSON.stringify(OBJECT_DELETED));

    expect(event.kind).toBe('deleted');
    expect(event.size).toBeUndefined();
    expect(event.etag).toBeUndefined();
    expect(event.deletionType).toBe('Delete Marker Created');
    expect(event.sequencer).toBe('006408CC41E4F7E0A3');
  });

  it.each([
    'a b/c+d%e',
    'ünï/cödé/日本.json',
    'deep/' + 'x/'.repeat(40) + 'file',
    "q?&=#'!*()~.txt",
  ])('round-trips the key %p through S3’s form encoding', (key) => {
    const event = parseS3ObjectEvent(JSON.stringify(objectCreatedEvent({ key })));
    expect(event.key).toBe(key);
  });

  it('refuses a body that is not JSON', () => {
    expect(() => parseS3ObjectEvent('not json')).toThrow(InvalidEventError);
    expect(() => parseS3ObjectEvent('not json')).toThrow('SQS message body is not JSON');
  });

  it('names the missing fields of an event that is not S3’s', () => {
    const withoutDetail: Partial<typeof OBJECT_CREATED> = { ...OBJECT_CREATED };
    delete withoutDetail.detail;
    expect(() => parseS3ObjectEvent(JSON.stringify(withoutDetail))).toThrow(
      /^Not an S3 EventBridge event: detail: /,
    );
  });

  it('refuses a negative size', () => {
    const event = objectCreatedEvent({ size: -1 });
    expect(() => parseS3ObjectEvent(JSON.stringify(event))).toThrow(/detail\.object\.size/);
  });

  it('refuses other detail types and sources with a clear message', () => {
    const restore = { ...OBJECT_CREATED, 'detail-type': 'Object Restore Completed' };
    const other = { ...OBJECT_CREATED, source: 'aws.ec2' };

    expect(() => parseS3ObjectEvent(JSON.stringify(restore))).toThrow(
      'Unsupported detail-type "Object Restore Completed" (expected Object Created or Object Deleted)',
    );
    expect(() => parseS3ObjectEvent(JSON.stringify(other))).toThrow(
      'Unexpected event source "aws.ec2" (expected aws.s3)',
    );
  });

  it.each([
    ['a+b=c&d.json', 'a b=c&d.json'],
    ['with space.json', undefined],
    ['ünï/日本/😀.json', undefined],
  ])('also reads the raw key %p as sent, after its form-decoded reading', (sent, decoded) => {
    const event = parseS3ObjectEvent(JSON.stringify(objectCreatedEvent({ sentKey: sent })));

    expect([event.key, ...event.alternativeKeys]).toEqual(decoded ? [decoded, sent] : [sent]);
  });

  it('reads a key that is not valid URL encoding as sent, instead of refusing the event', () => {
    const event = parseS3ObjectEvent(
      JSON.stringify(objectCreatedEvent({ sentKey: 'customers/100%25 done %.json' })),
    );

    expect(event.key).toBe('customers/100%25 done %.json');
    expect(event.alternativeKeys).toEqual([]);
  });

  it('refuses a non-hexadecimal sequencer as an invalid event, before any ordering', () => {
    const event = JSON.stringify(objectCreatedEvent({ sequencer: 'ZZZZ-not-hex' }));

    expect(() => parseS3ObjectEvent(event)).toThrow(InvalidEventError);
    expect(() => parseS3ObjectEvent(event)).toThrow('Sequencer "ZZZZ-not-hex" is not hexadecimal');
  });

  it('encodes keys as the emulator and S3 do', () => {
    expect(encodeEventKey('a b/c+d')).toBe('a+b/c%2Bd');
    expect(encodeEventKey("q=1&(x)!~'*.txt")).toBe('q%3D1%26%28x%29%21%7E%27*.txt');
  });
});

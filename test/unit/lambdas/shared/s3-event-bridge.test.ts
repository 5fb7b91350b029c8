import { decodeEventKey, parseS3EventBridgeBody } from '../../../../lambdas/shared/s3-event-bridge';
import { OBJECT_CREATED } from '../../../fixtures/events/s3-events';

class CallerError extends Error {
  override readonly name = 'CallerError';
}
const fail = (message: string, options?: ErrorOptions) => new CallerError(message, options);

describe('decodeEventKey', () => {
  it('turns + into a space before percent-decoding, so %2B stays a plus', () => {
    expect(decodeEventKey('a+b%2Bc%25', fail)).toBe('a b+c%');
  });

  it("refuses broken percent-encoding with the caller's error, keeping the cause", () => {
    let thrown: unknown;
    try {
      decodeEventKey('bad%E0%A4%A', fail);
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(CallerError);
    expect((thrown as Error).message).toBe('Object key "bad%E0%A4%A" is not valid URL encoding');
    expect((thrown as Error).cause).toBeInstanceOf(URIError);
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
});

/**
 * An error the emulator returns to the client, in the service's own vocabulary. Each protocol
 * renders it its own way (S3 XML `<Error>`, Query `<ErrorResponse>`, JSON `__type`), so a
 * handler only says what went wrong, never how it is spelled on the wire.
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';

  constructor(
    /** The AWS error code, e.g. `NoSuchKey`, `EntityNotFoundException`. */
    readonly code: string,
    message: string,
    /** HTTP status AWS uses for this error. */
    readonly status = 400,
    readonly options: {
      /** Query protocol `<Type>`: who is at fault. @default 'Sender' for 4xx, 'Receiver' for 5xx */
      readonly fault?: 'Sender' | 'Receiver';
      /** Extra fields: S3 adds them as XML elements (`<Key>`, `<BucketName>`), JSON as members. */
      readonly fields?: Readonly<Record<string, string | number | boolean>>;
      /** Extra response headers (e.g. SQS's `x-amzn-query-error`). */
      readonly headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super(message);
  }

  get fault(): 'Sender' | 'Receiver' {
    return this.options.fault ?? (this.status >= 500 ? 'Receiver' : 'Sender');
  }
}

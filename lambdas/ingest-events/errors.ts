/**
 * Why a request was refused or failed. A refusal is the client's to fix and maps to a 4xx; a
 * `KafkaSendError` is the platform's and maps to a 5xx the client retries with the same
 * Idempotency-Key.
 */

/** One bad field of the request, by JSON Pointer (RFC 6901) into the body. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** A request the API will not accept as sent; `status` is the HTTP answer. */
export class RequestRejectedError extends Error {
  override readonly name = 'RequestRejectedError';
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422,
    readonly title: string,
    detail: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(detail);
  }
}

/** Kafka did not acknowledge the records (acks=all) within the send's retries. */
export class KafkaSendError extends Error {
  override readonly name = 'KafkaSendError';
}

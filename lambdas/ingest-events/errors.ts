/**
 * Why a request was refused or failed. A refusal is the client's to fix and maps to a 4xx; a
 * `KafkaSendError` is the platform's and maps to a 5xx the client retries with the same
 * Idempotency-Key.
 */
import { ApiRejection } from '../shared/api-responses';
import type { UnsettledBatch } from './unsettled-sends';

/** One bad field of the request, by JSON Pointer (RFC 6901) into the body. */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

/** A request the API will not accept as sent; `status` is the HTTP answer. */
export class RequestRejectedError extends ApiRejection<
  400 | 404 | 409 | 413 | 415 | 422,
  FieldError
> {
  override readonly name = 'RequestRejectedError';
}

/**
 * Kafka did not acknowledge the records (acks=all) within the send's retries. `unsettled` are the
 * batches that went out (some possibly acknowledged by another broker, some stored without an
 * answer): the retry sends them again under the same identity, which the broker answers as
 * duplicates where it has them.
 */
export class KafkaSendError extends Error {
  override readonly name = 'KafkaSendError';

  constructor(
    message: string,
    readonly unsettled: readonly UnsettledBatch[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

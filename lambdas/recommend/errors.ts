/**
 * Why a request was refused or failed. A refusal is the client's to fix and maps to a 4xx; a
 * `ModelReadError` is the platform's and maps to a 503 the client may retry.
 */
import { ApiRejection } from '../shared/api-responses';

/** One bad parameter of the request: where it was, its name and what is wrong with it. */
export interface ParameterError {
  readonly in: 'path' | 'query';
  readonly parameter: string;
  readonly message: string;
}

/** A request the API will not answer as sent; `status` is the HTTP answer. */
export class RequestRejectedError extends ApiRejection<400 | 404, ParameterError> {
  override readonly name = 'RequestRejectedError';
}

/** DynamoDB failed a read, or left keys unprocessed after every retry. */
export class ModelReadError extends Error {
  override readonly name = 'ModelReadError';
}

/**
 * Why a request was refused or failed. A refusal is the client's to fix and maps to a 4xx; a
 * `ModelReadError` is the platform's and maps to a 503 the client may retry.
 */

/** One bad parameter of the request: where it was, its name and what is wrong with it. */
export interface ParameterError {
  readonly in: 'path' | 'query';
  readonly parameter: string;
  readonly message: string;
}

/** A request the API will not answer as sent; `status` is the HTTP answer. */
export class RequestRejectedError extends Error {
  override readonly name = 'RequestRejectedError';
  constructor(
    readonly status: 400 | 404,
    readonly title: string,
    detail: string,
    readonly errors: readonly ParameterError[] = [],
  ) {
    super(detail);
  }
}

/** DynamoDB failed a read, or left keys unprocessed after every retry. */
export class ModelReadError extends Error {
  override readonly name = 'ModelReadError';
}

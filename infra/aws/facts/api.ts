/**
 * The marketplace API's facts, read by its stack, the ingestion function, the OpenAPI document
 * and the local API alike: names, the stage, the resource paths and the function's settings
 * (lambdas/ingest-events/README.md).
 */
import { resourcePrefix, type IngestionRoute, type Platform } from '../../platform';

/** The folder and Powertools service name of the ingestion function. */
export const INGEST_SERVICE_NAME = 'ingest-events';

/** The API version every path starts with. */
export const API_VERSION_PATH = '/v1';

/**
 * The one stage. Its name is the URL's first segment, so the marketplace calls
 * `https://<api>.execute-api.<region>.amazonaws.com/api/v1/transactions`.
 */
export const API_STAGE_NAME = 'api';

/** `/v1/transactions`: the resource path of an ingestion route. */
export function ingestionResourcePath(route: IngestionRoute): string {
  return `${API_VERSION_PATH}/${route.resource}`;
}

/** The request header that makes a retried POST safe (RFC draft "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Headers a browser may send on a cross-origin call: SigV4's, the body's type, the key. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  IDEMPOTENCY_KEY_HEADER,
] as const;

/** `hybrid-lake-dev-marketplace-api` */
export function marketplaceApiName(platform: Platform): string {
  return `${resourcePrefix(platform)}-marketplace-api`;
}

/** `hybrid-lake-dev-ingest-events` */
export function ingestFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${INGEST_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-ingest-events-idempotency`: one item per Idempotency-Key (TTL). */
export function idempotencyTableName(platform: Platform): string {
  return `${ingestFunctionName(platform)}-idempotency`;
}

/** The layout Powertools' DynamoDB persistence layer expects by default. */
export const IDEMPOTENCY_TABLE = { partitionKey: 'id', ttlAttribute: 'expiration' } as const;

/** The defaults of the ingestion function; the local deployment reads the same. */
export const INGEST_DEFAULTS = {
  memorySize: 1024,
  /** Under API Gateway's 29 s integration timeout, with room for a slow Kafka send. */
  timeoutSeconds: 15,
  /** Retries of one Kafka send inside a request: about 3 s of backoff, then the client retries. */
  sendRetry: { retries: 5, initialRetryTime: 100, maxRetryTime: 1_000 },
  /** How long one Kafka request may wait for its answer before it is retried. */
  kafkaRequestTimeoutMs: 5_000,
  /**
   * Time kept back from a request's send for what follows a failed one: releasing the
   * Idempotency-Key's in-progress record and answering 503, before the function times out.
   */
  sendDeadlineMarginMs: 2_000,
} as const;

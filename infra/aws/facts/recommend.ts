/**
 * The recommender's own facts (`GET /v1/recommendations/{user_id}`, lambdas/recommend/README.md),
 * read by its construct, the stack, the OpenAPI document and the local deployment alike. The
 * tables' layouts and the answer's shape are the recommendations' contract
 * (./recommendations.ts).
 */
import type { Recommendations } from '../../platform';
import { API_VERSION_PATH } from './api';
import { USER_ID_PARAMETER } from './recommendations';

/** The query parameter that asks for another number of recommendations than the default. */
export const LIMIT_PARAMETER = 'limit';

/**
 * What a user id may hold once API Gateway has percent-decoded it: 1 to 128 ASCII letters,
 * digits and `. _ : @ -`. No `#` (the model table's keys join with it), no space, `/`, `+` or
 * `%`, so an id cannot be read two ways on its way through a URL, a log line and a key.
 */
export const USER_ID_PATTERN = '^[A-Za-z0-9._:@-]{1,128}$';

/** `/v1/recommendations/{user_id}`: the route's resource path, as API Gateway names it. */
export function recommendationsResourcePath(
  recommendations: Pick<Recommendations, 'resource'>,
): string {
  return `${API_VERSION_PATH}/${recommendations.resource}/{${USER_ID_PARAMETER}}`;
}

/**
 * `/v1/recommendations/*`: what the invoke policy grants. An execute-api ARN names the path as
 * requested, so the parameter is a wildcard there.
 */
export function recommendationsInvokePath(
  recommendations: Pick<Recommendations, 'resource'>,
): string {
  return `${API_VERSION_PATH}/${recommendations.resource}/*`;
}

/** The recommender's settings; the local deployment reads the same. */
export const RECOMMEND_DEFAULTS = {
  /** An API function's cold start is CPU-bound, and Lambda's CPU grows with memory. */
  memorySize: 1024,
  /** DynamoDB answers in milliseconds; well under API Gateway's 29 s, so a hung call ends as 503. */
  timeoutSeconds: 10,
  /** One DynamoDB call's wait for an answer before the SDK retries it (3 attempts). */
  dynamoDbRequestTimeoutMs: 2_000,
  /**
   * How long a container keeps the snapshot pointer: it changes once a night, and the snapshot
   * it pointed to stays readable `snapshotKeepDays` after the next one, so a container that
   * still reads yesterday's for a minute reads a complete one (docs/decisions.md).
   */
  snapshotPointerCacheSeconds: 60,
  /**
   * `Cache-Control: private, max-age=30` on an answer: a page reload does not ask again, and a
   * click shows in the next answer within half a minute. `private`: it is one customer's.
   */
  answerMaxAgeSeconds: 30,
  /**
   * A BatchGetItem's UnprocessedKeys (throttling) asked again: 4 calls in all, each wait drawn at
   * random below 50, 100, then 200 ms (the numbers of the functions' shared RetryPolicy,
   * lambdas/shared/backoff.ts), then 503. A customer's request waits through them, so at most
   * 350 ms in all, no more than before the jitter: a table still throttled after that is better
   * answered 503 at once, and left to the client's retry after `Retry-After`, than held toward
   * the timeout.
   */
  unprocessedKeysRetry: { maxAttempts: 4, baseDelayMs: 50, maxDelayMs: 200 },
} as const;

/**
 * Reads an API Gateway proxy event into what the ingestion needs, or refuses it: the route (by
 * the resource API Gateway matched), the content type, the size, the JSON, one record or an array
 * of them, and the Idempotency-Key. Pure, so every refusal is unit-tested.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IngestionRoute, MarketplaceApi } from '../../infra/platform';
import { IDEMPOTENCY_KEY_HEADER, ingestionResourcePath } from '../../infra/aws/facts/api';
import { RequestRejectedError } from './errors';

/** A record as sent: a JSON object, checked against its columns later. */
export type SentRecord = Readonly<Record<string, unknown>>;

export interface IngestionRequest {
  readonly route: IngestionRoute;
  readonly records: readonly SentRecord[];
  /** The body was an array: errors are reported as `/<index>/<field>`. */
  readonly batch: boolean;
  /** The raw body, whose hash tells a retried request from a different one under the same key. */
  readonly body: string;
  readonly idempotencyKey?: string;
  /** Who signed the request (IAM), so two callers' keys never collide. */
  readonly caller: string;
}

/** Printable ASCII without spaces, as the Idempotency-Key draft's examples; 1–255 characters. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const JSON_MEDIA_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** A header's value whatever its case: REST APIs pass header names as the client sent them. */
export function headerValue(event: APIGatewayProxyEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

function routeOf(event: APIGatewayProxyEvent, routes: readonly IngestionRoute[]): IngestionRoute {
  const route = routes.find((candidate) => ingestionResourcePath(candidate) === event.resource);
  if (!route || event.httpMethod !== 'POST') {
    throw new RequestRejectedError(
      404,
      'Not found',
      `${event.httpMethod} ${event.resource} is not an ingestion resource`,
    );
  }
  return route;
}

export function readIngestionRequest(
  event: APIGatewayProxyEvent,
  routes: readonly IngestionRoute[],
  limits: Pick<MarketplaceApi, 'maxRecordsPerRequest' | 'maxRequestBytes'>,
): IngestionRequest {
  const route = routeOf(event, routes);
  const contentType = headerValue(event, 'content-type');
  if (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new RequestRejectedError(
      415,
      'Unsupported media type',
      `send the records as application/json (UTF-8), not ${contentType ?? 'without a Content-Type'}`,
    );
  }
  const body = event.isBase64Encoded ? decodeUtf8(event.body ?? '') : (event.body ?? '');
  const bytes = Buffer.byteLength(body, 'utf8');
  if (bytes > limits.maxRequestBytes) {
    throw new RequestRejectedError(
      413,
      'Request too large',
      `the body is ${bytes} bytes; at most ${limits.maxRequestBytes} are accepted`,
    );
  }
  const idempotencyKey = headerValue(event, IDEMPOTENCY_KEY_HEADER);
  if (headerValues(event, IDEMPOTENCY_KEY_HEADER).length > 1) {
    // API Gateway passes the last of repeated headers in `headers`: which one the client meant
    // is unknowable, and answering under either could produce a retry twice.
    throw new RequestRejectedError(
      400,
      'Invalid Idempotency-Key',
      `send one ${IDEMPOTENCY_KEY_HEADER} header, not several`,
    );
  }
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new RequestRejectedError(
      400,
      'Invalid Idempotency-Key',
      `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 printable ASCII characters without spaces`,
    );
  }
  const parsed = parseJson(body);
  const batch = Array.isArray(parsed);
  const records: unknown[] = batch ? parsed : [parsed];
  if (batch && records.length === 0) {
    throw new RequestRejectedError(400, 'No records', 'the array holds no record');
  }
  if (records.length > limits.maxRecordsPerRequest) {
    throw new RequestRejectedError(
      413,
      'Too many records',
      `the array holds ${records.length} records; at most ${limits.maxRecordsPerRequest} are accepted per request`,
    );
  }
  const notObjects = records.flatMap((record, index) =>
    isObject(record) ? [] : [{ path: batch ? `/${index}` : '', message: 'must be a JSON object' }],
  );
  if (notObjects.length > 0) {
    throw new RequestRejectedError(
      400,
      'Invalid records',
      'send one record as a JSON object, or an array of them',
      notObjects,
    );
  }
  return {
    route,
    records: records as SentRecord[],
    batch,
    body,
    ...(idempotencyKey !== undefined && { idempotencyKey }),
    caller: callerOf(event),
  };
}

/** Every value of a header, whatever the case of its name (`multiValueHeaders`). */
function headerValues(event: APIGatewayProxyEvent, name: string): string[] {
  const wanted = name.toLowerCase();
  return Object.entries(event.multiValueHeaders ?? {}).flatMap(([key, values]) =>
    key.toLowerCase() === wanted ? (values ?? []) : [],
  );
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A base64 body as UTF-8 text; bytes that are not UTF-8 are refused, never replaced. */
function decodeUtf8(base64: string): string {
  try {
    return STRICT_UTF8.decode(Buffer.from(base64, 'base64'));
  } catch {
    throw new RequestRejectedError(400, 'Malformed JSON', 'the body is not valid UTF-8');
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new RequestRejectedError(
      400,
      'Malformed JSON',
      `the body is not JSON: ${(error as Error).message}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const ASSUMED_ROLE_SESSION = /^(arn:[\w-]+:sts::\d{12}:assumed-role\/[^/]+)\/.+$/;

/**
 * The IAM principal API Gateway verified, without a role session's name: the marketplace's
 * servers share a role and refresh their sessions, and a retry from another server or a new
 * session must find the same Idempotency-Key. `anonymous` only where no authorizer runs (tests).
 */
export function callerOf(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string {
  const identity = event.requestContext.identity;
  if (identity.userArn) return ASSUMED_ROLE_SESSION.exec(identity.userArn)?.[1] ?? identity.userArn;
  if (identity.caller) return identity.caller.split(':')[0]!;
  return identity.accessKey ?? 'anonymous';
}

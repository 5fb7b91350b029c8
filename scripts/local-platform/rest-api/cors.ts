/**
 * The preflight answer a CDK `defaultCorsPreflightOptions` deploys on every resource: an OPTIONS
 * method without authorisation whose MOCK integration returns static CORS headers. The first
 * allowed origin is the static `Access-Control-Allow-Origin` (with `Vary: Origin`), whatever the
 * request's origin; a further allowed origin is echoed when the request names it, as the CDK's
 * response template does. Actual responses carry no CORS header from API Gateway: with a proxy
 * integration the function adds `Access-Control-Allow-Origin` itself.
 */
import { RestApiConfigurationError } from './errors';
import type { RestApiCors } from './types';

/** The CDK's `Cors.ALL_METHODS`. */
export const CORS_DEFAULT_ALLOW_METHODS: readonly string[] = [
  'OPTIONS',
  'GET',
  'PUT',
  'POST',
  'DELETE',
  'PATCH',
  'HEAD',
];

/** The headers the platform's API allows: SigV4's, the body's type and the idempotency key. */
export const CORS_DEFAULT_ALLOW_HEADERS: readonly string[] = [
  'Authorization',
  'Content-Type',
  'X-Amz-Date',
  'X-Amz-Security-Token',
  'Idempotency-Key',
];

export interface PreflightAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** Validated once, as the CDK refuses at synth time what API Gateway could not serve. */
export function preflightAnswerer(
  cors: RestApiCors,
): (origin: string | undefined) => PreflightAnswer {
  const [first, ...others] = cors.allowOrigins;
  if (first === undefined)
    throw new RestApiConfigurationError('allowOrigins must contain at least one origin');
  if (first === '*' && others.length > 0)
    throw new RestApiConfigurationError('allowOrigins cannot mix "*" with specific origins');
  const base: Record<string, string> = {
    'Access-Control-Allow-Headers': (cors.allowHeaders ?? CORS_DEFAULT_ALLOW_HEADERS).join(','),
    'Access-Control-Allow-Origin': first,
    ...(first !== '*' && { Vary: 'Origin' }),
    'Access-Control-Allow-Methods': (cors.allowMethods ?? CORS_DEFAULT_ALLOW_METHODS).join(','),
    ...(cors.allowCredentials === true && { 'Access-Control-Allow-Credentials': 'true' }),
    ...(cors.maxAgeSeconds !== undefined && {
      'Access-Control-Max-Age': String(cors.maxAgeSeconds),
    }),
    ...(cors.exposeHeaders && { 'Access-Control-Expose-Headers': cors.exposeHeaders.join(',') }),
  };
  const status = cors.statusCode ?? 204;
  const echoed = new Set(others);
  return (origin) => ({
    status,
    headers:
      origin !== undefined && echoed.has(origin)
        ? { ...base, 'Access-Control-Allow-Origin': origin }
        : base,
  });
}

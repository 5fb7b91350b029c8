/**
 * The marketplace API's answers as API Gateway proxy results, shared by its functions: JSON, or
 * RFC 9457 problem details naming every bad field or parameter. The allowed origin goes on every
 * answer: API Gateway answers the CORS preflight itself, but the actual response must carry the
 * header too, and in a proxy integration only the function can add it.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';

export interface ResponseSettings {
  /** The one browser origin the API admits; undefined when none may call it. */
  readonly allowedOrigin?: string;
}

export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  /** What exactly was wrong: a body's fields by JSON Pointer, or the request's parameters. */
  readonly errors?: readonly object[];
  /** Seconds after which a retry may succeed (`Retry-After`). */
  readonly retryAfterSeconds?: number;
}

/** `no-store` unless the answer says how long it may be kept. */
function commonHeaders(
  settings: ResponseSettings,
  cacheControl = 'no-store',
): Record<string, string> {
  return {
    'Cache-Control': cacheControl,
    ...(settings.allowedOrigin !== undefined && {
      'Access-Control-Allow-Origin': settings.allowedOrigin,
      Vary: 'Origin',
    }),
  };
}

/** A JSON answer; `cacheControl` @default 'no-store' */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  settings: ResponseSettings,
  cacheControl?: string,
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { ...commonHeaders(settings, cacheControl), 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

export function problemResponse(
  problem: Problem,
  settings: ResponseSettings,
): APIGatewayProxyResult {
  return {
    statusCode: problem.status,
    headers: {
      ...commonHeaders(settings),
      'Content-Type': 'application/problem+json',
      ...(problem.retryAfterSeconds !== undefined && {
        'Retry-After': String(problem.retryAfterSeconds),
      }),
    },
    body: JSON.stringify({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      ...(problem.errors && problem.errors.length > 0 && { errors: problem.errors }),
    }),
  };
}

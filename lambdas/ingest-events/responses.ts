/**
 * The API's answers as API Gateway proxy results. Errors are RFC 9457 problem details, with the
 * JSON Pointer of every bad field. The allowed origin goes on every answer: API Gateway answers
 * the CORS preflight itself, but the actual response must carry the header too, and only the
 * integration can add it.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { FieldError } from './errors';
import type { Accepted } from './ingestion';

export interface ResponseSettings {
  /** The one browser origin the API admits; undefined when none may call it. */
  readonly allowedOrigin?: string;
}

export interface Problem {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  /** Seconds after which a retry may succeed (`Retry-After`). */
  readonly retryAfterSeconds?: number;
}

function commonHeaders(settings: ResponseSettings): Record<string, string> {
  return {
    'Cache-Control': 'no-store',
    ...(settings.allowedOrigin !== undefined && {
      'Access-Control-Allow-Origin': settings.allowedOrigin,
      Vary: 'Origin',
    }),
  };
}

/** 202: Kafka has every record (acks=all); the stream takes it from there. */
export function acceptedResponse(
  accepted: Accepted,
  settings: ResponseSettings,
): APIGatewayProxyResult {
  return {
    statusCode: 202,
    headers: { ...commonHeaders(settings), 'Content-Type': 'application/json' },
    body: JSON.stringify(accepted),
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

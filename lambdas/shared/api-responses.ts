/**
 * The marketplace API's answers as API Gateway proxy results, shared by its functions: JSON, or
 * RFC 9457 problem details naming every bad field or parameter, and the refusal every function's
 * checks throw (`ApiRejection`), answered the same way by each. The allowed origin goes on every
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

export interface ApiRejectionOptions extends ErrorOptions {
  /** Seconds after which the same request may succeed (`Retry-After`). @default undefined */
  readonly retryAfterSeconds?: number;
}

/**
 * A request a function of the API will not answer as sent: thrown by its checks and answered by
 * `problemResponse` as is, so every function's refusals read alike. Abstract, because each
 * function names its own (the name is what its logs and metrics show), with the statuses it may
 * answer and the shape of its `errors` (a body's fields, a path's parameters).
 */
export abstract class ApiRejection<Status extends number = number, Issue extends object = object>
  extends Error
  implements Problem
{
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: Status,
    readonly title: string,
    detail: string,
    readonly errors: readonly Issue[] = [],
    options: ApiRejectionOptions = {},
  ) {
    super(detail, options);
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The message is the detail, so the log and the client read the same sentence. */
  get detail(): string {
    return this.message;
  }
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

/**
 * The problem document of a refusal (an `ApiRejection` is answered as thrown) or of a failure,
 * as the handler words it.
 */
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

/**
 * Entra ID's OAuth error answers: `{ error, error_description: "AADSTS<n>: …", error_codes,
 * timestamp, trace_id, correlation_id, error_uri }`. The AADSTS codes are the ones Entra uses
 * for each failure (see README.md); clients (MSAL) surface the description as is.
 */
import { randomUUID } from 'node:crypto';
import type { AzureResponse } from '../azure-request';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'invalid_scope'
  | 'invalid_resource'
  | 'unauthorized_client'
  | 'unsupported_grant_type';

export class EntraError extends Error {
  override readonly name = 'EntraError';

  constructor(
    readonly aadsts: number,
    readonly error: OAuthErrorCode,
    /** The description after `AADSTS<n>: `. */
    readonly description: string,
    /** 401 for client authentication failures (invalid_client), 400 otherwise, as Entra answers. */
    readonly status: number = error === 'invalid_client' ? 401 : 400,
  ) {
    super(`AADSTS${aadsts}: ${description}`);
  }
}

export function renderEntraError(error: EntraError, now: Date): AzureResponse {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  // Entra's timestamps: "2025-04-22 01:01:11Z".
  const timestamp = `${now.toISOString().slice(0, 19).replace('T', ' ')}Z`;
  const body = {
    error: error.error,
    error_description: `${error.message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [error.aadsts],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${error.aadsts}`,
  };
  return jsonResponse(error.status, body);
}

export function jsonResponse(status: number, body: unknown): AzureResponse {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store, no-cache',
    },
    body: JSON.stringify(body),
  };
}

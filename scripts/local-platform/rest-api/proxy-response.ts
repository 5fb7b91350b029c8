/**
 * What the client receives from a Lambda proxy integration: the function's proxy response
 * (payload format 1.0) mapped to status, headers and body, or API Gateway's 502 when the function
 * failed or answered something else. Pure.
 */
import type { InvocationResult } from '../lambda-runtime';
import { INTERNAL_SERVER_ERROR, type GatewayResponse } from './gateway-responses';

export interface MappedResponse {
  readonly status: number;
  /** Lower-case names are the keys; values keep the function's spelling of the name. */
  readonly headers: ReadonlyMap<string, { readonly name: string; readonly values: string[] }>;
  readonly body: string;
}

/**
 * Headers API Gateway does not pass back as they are: these are renamed `X-Amzn-Remapped-<name>`
 * (it sets `Date` and `Server` itself), and the hop-by-hop ones and `Content-Length` are dropped
 * (the length is that of the body sent).
 */
const REMAPPED = new Set([
  'authorization',
  'connection',
  'content-md5',
  'date',
  'max-forwards',
  'server',
  'user-agent',
  'www-authenticate',
]);
const DROPPED = new Set([
  'content-length',
  'host',
  'keep-alive',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

type Scalar = string | number | boolean;

/** The mapped response, or the gateway's 502 for a failed function or a malformed response. */
export function proxyResponse(result: InvocationResult): MappedResponse | GatewayResponse {
  if (result.error !== undefined) return INTERNAL_SERVER_ERROR;
  const payload = result.payload;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return INTERNAL_SERVER_ERROR;
  const output = payload as Record<string, unknown>;
  const status = output.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599)
    return INTERNAL_SERVER_ERROR;
  const body = output.body ?? '';
  if (typeof body !== 'string') return INTERNAL_SERVER_ERROR;
  const encoded = output.isBase64Encoded;
  if (encoded !== undefined && encoded !== null && typeof encoded !== 'boolean')
    return INTERNAL_SERVER_ERROR;
  const headers = mergedHeaders(output.headers, output.multiValueHeaders);
  if (!headers) return INTERNAL_SERVER_ERROR;
  // Without binary media types a base64 body goes out as the text it is (isBase64Encoded or not).
  return { status, headers, body };
}

/**
 * `multiValueHeaders` wins for a name it has; `headers` adds the others. `undefined` when either
 * is not an object of scalars (lists of scalars).
 */
function mergedHeaders(single: unknown, multi: unknown): MappedResponse['headers'] | undefined {
  const merged = new Map<string, { name: string; values: string[] }>();
  if (multi !== undefined && multi !== null) {
    if (!isRecord(multi)) return undefined;
    for (const [name, values] of Object.entries(multi)) {
      if (!Array.isArray(values) || !values.every(isScalar)) return undefined;
      add(merged, name, values.map(String), true);
    }
  }
  if (single !== undefined && single !== null) {
    if (!isRecord(single)) return undefined;
    for (const [name, value] of Object.entries(single)) {
      if (!isScalar(value)) return undefined;
      add(merged, name, [String(value)], false);
    }
  }
  return merged;
}

function add(
  merged: Map<string, { name: string; values: string[] }>,
  name: string,
  values: string[],
  fromMulti: boolean,
): void {
  let lower = name.toLowerCase();
  if (DROPPED.has(lower)) return;
  if (REMAPPED.has(lower)) {
    name = `X-Amzn-Remapped-${name}`;
    lower = name.toLowerCase();
  }
  const existing = merged.get(lower);
  if (existing && !fromMulti) return;
  if (existing) existing.values.push(...values);
  else merged.set(lower, { name, values });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

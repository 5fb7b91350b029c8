/**
 * AWS JSON 1.0 / 1.1: `POST /` with `X-Amz-Target: <Prefix>.<Operation>` and a JSON body.
 * Timestamps travel as epoch seconds and blobs as base64, in both directions.
 */
import { AwsError } from './aws-error';
import type { LocalCloudContext, ServiceHandler } from './context';
import { headerValue, type AwsRequest, type AwsResponse } from './request';
import type { SigV4Auth } from './sigv4';

/** A request body as parsed JSON: untyped on the wire, so each operation validates what it reads. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WireJson = Record<string, any>;

export type JsonOperation = (input: WireJson, call: JsonCall) => unknown;

export interface JsonCall {
  readonly request: AwsRequest;
  readonly auth: SigV4Auth;
  readonly context: LocalCloudContext;
}

export interface JsonServiceDefinition {
  readonly signingName: string;
  readonly targetPrefix: string;
  readonly jsonVersion: '1.0' | '1.1';
  readonly operations: Readonly<Record<string, JsonOperation>>;
  readonly context: LocalCloudContext;
  reset(): void;
  snapshot?(): unknown;
  restore?(state: unknown): void;
}

export function createJsonService(definition: JsonServiceDefinition): ServiceHandler {
  const contentType = `application/x-amz-json-${definition.jsonVersion}`;
  return {
    signingName: definition.signingName,
    family: 'json',
    targetPrefix: definition.targetPrefix,
    reset: () => definition.reset(),
    renderError: (error, request) =>
      renderJsonError(error, request.requestId, definition.jsonVersion),
    operationName: (request) => {
      const target = headerValue(request, 'x-amz-target') ?? '';
      return target.slice(target.indexOf('.') + 1) || undefined;
    },
    ...(definition.snapshot && { snapshot: () => definition.snapshot!() }),
    ...(definition.restore && { restore: (state: unknown) => definition.restore!(state) }),
    async handle(request, auth) {
      const target = headerValue(request, 'x-amz-target') ?? '';
      const operationName = target.slice(target.indexOf('.') + 1);
      const operation = Object.hasOwn(definition.operations, operationName)
        ? definition.operations[operationName]
        : undefined;
      if (!operation) {
        throw new AwsError(
          'UnknownOperationException',
          `localcloud does not implement ${target || '(no X-Amz-Target)'}; see scripts/localcloud/README.md for the operations it serves`,
          400,
        );
      }
      let input: WireJson;
      try {
        const text = request.body.toString('utf8');
        input = text.trim() === '' ? {} : (JSON.parse(text) as WireJson);
      } catch {
        throw new AwsError('SerializationException', 'Request body is not valid JSON', 400);
      }
      const output = await operation(input, { request, auth, context: definition.context });
      return {
        status: 200,
        headers: { 'content-type': contentType },
        body: JSON.stringify(toJsonWire(output ?? {})),
      };
    },
  };
}

/** Dates → epoch seconds, Buffers → base64, recursively; everything else as JSON has it. */
export function toJsonWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (Array.isArray(value)) return value.map(toJsonWire);
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child !== undefined) result[key] = toJsonWire(child);
    }
    return result;
  }
  return value;
}

export function renderJsonError(
  error: AwsError,
  requestId: string,
  jsonVersion: '1.0' | '1.1' = '1.1',
): AwsResponse {
  return {
    status: error.status,
    headers: {
      'content-type': `application/x-amz-json-${jsonVersion}`,
      'x-amzn-errortype': error.code,
      'x-amzn-requestid': requestId,
      ...error.options.headers,
    },
    body: JSON.stringify({ __type: error.code, message: error.message, ...error.options.fields }),
  };
}

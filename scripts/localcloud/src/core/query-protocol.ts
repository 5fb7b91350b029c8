/**
 * AWS Query: form-encoded `Action=…&Version=…` (POST body or GET query), XML responses
 * `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…`.
 */
import { AwsError } from './aws-error';
import type { LocalCloudContext, ServiceHandler } from './context';
import { headerValue, parseForm, type AwsRequest, type AwsResponse } from './request';
import type { SigV4Auth } from './sigv4';
import { xmlDocument, type XmlObject } from './xml';

/** Flat Query parameters with helpers for AWS's `X.member.N` and `X.entry.N.key` encodings. */
export class QueryParams {
  constructor(private readonly params: ReadonlyMap<string, string>) {}

  get(name: string): string | undefined {
    return this.params.get(name);
  }

  /** A required parameter; AWS answers its absence with a 400 naming it. */
  require(name: string): string {
    const value = this.params.get(name);
    if (value === undefined || value === '') {
      throw new AwsError(
        'ValidationError',
        `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
        400,
      );
    }
    return value;
  }

  /** `Prefix.1.X`, `Prefix.2.X`, … as a list of sub-parameter sets, in index order. */
  list(prefix: string): QueryParams[] {
    const items = new Map<number, Map<string, string>>();
    for (const [name, value] of this.params) {
      if (!name.startsWith(`${prefix}.`)) continue;
      const rest = name.slice(prefix.length + 1);
      const dot = rest.indexOf('.');
      const index = Number(dot === -1 ? rest : rest.slice(0, dot));
      if (!Number.isInteger(index)) continue;
      const item = items.get(index) ?? new Map<string, string>();
      item.set(dot === -1 ? '' : rest.slice(dot + 1), value);
      items.set(index, item);
    }
    return [...items.entries()].sort(([a], [b]) => a - b).map(([, item]) => new QueryParams(item));
  }

  /** `Prefix.entry.N.key` / `Prefix.entry.N.value` as a map. */
  map(prefix: string, keyName = 'key', valueName = 'value'): Map<string, string> {
    const result = new Map<string, string>();
    for (const entry of this.list(`${prefix}.entry`)) {
      const key = entry.get(keyName);
      if (key !== undefined) result.set(key, entry.get(valueName) ?? '');
    }
    return result;
  }

  /** Sub-parameters under `Prefix.` (for nested structures). */
  nested(prefix: string): QueryParams {
    const nested = new Map<string, string>();
    for (const [name, value] of this.params) {
      if (name.startsWith(`${prefix}.`)) nested.set(name.slice(prefix.length + 1), value);
    }
    return new QueryParams(nested);
  }

  has(name: string): boolean {
    return this.params.has(name);
  }

  entries(): IterableIterator<[string, string]> {
    return this.params.entries();
  }
}

export type QueryOperation = (
  params: QueryParams,
  call: QueryCall,
) => XmlObject | undefined | Promise<XmlObject | undefined>;

export interface QueryCall {
  readonly request: AwsRequest;
  readonly auth: SigV4Auth;
  readonly context: LocalCloudContext;
}

export interface QueryServiceDefinition {
  readonly signingName: string;
  readonly xmlNamespace: string;
  readonly operations: Readonly<Record<string, QueryOperation>>;
  readonly context: LocalCloudContext;
  reset(): void;
  snapshot?(): unknown;
  restore?(state: unknown): void;
  handlePublic?(request: AwsRequest): Promise<AwsResponse | undefined>;
}

export function queryParamsOf(request: AwsRequest): QueryParams {
  const isForm = (headerValue(request, 'content-type') ?? '').startsWith(
    'application/x-www-form-urlencoded',
  );
  if (request.method === 'POST' && isForm)
    return new QueryParams(parseForm(request.body.toString('utf8')));
  return new QueryParams(request.query);
}

export function createQueryService(definition: QueryServiceDefinition): ServiceHandler {
  return {
    signingName: definition.signingName,
    family: 'query',
    actions: Object.keys(definition.operations),
    reset: () => definition.reset(),
    renderError: (error, request) =>
      renderQueryError(error, request.requestId, definition.xmlNamespace),
    operationName: (request) => queryParamsOf(request).get('Action'),
    ...(definition.snapshot && { snapshot: () => definition.snapshot!() }),
    ...(definition.restore && { restore: (state: unknown) => definition.restore!(state) }),
    ...(definition.handlePublic && {
      handlePublic: (request: AwsRequest) => definition.handlePublic!(request),
    }),
    async handle(request, auth) {
      const params = queryParamsOf(request);
      const action = params.get('Action');
      const operation =
        action !== undefined && Object.hasOwn(definition.operations, action)
          ? definition.operations[action]
          : undefined;
      if (!operation) {
        throw new AwsError(
          'InvalidAction',
          `localcloud does not implement the ${definition.signingName} action ${action ?? '(none)'}; see scripts/localcloud/README.md`,
          400,
        );
      }
      const result = await operation(params, { request, auth, context: definition.context });
      const body = xmlDocument(`${action}Response`, definition.xmlNamespace, {
        ...(result !== undefined && { [`${action}Result`]: result }),
        ResponseMetadata: { RequestId: request.requestId },
      });
      return { status: 200, headers: { 'content-type': 'text/xml' }, body };
    },
  };
}

export function renderQueryError(
  error: AwsError,
  requestId: string,
  xmlNamespace?: string,
): AwsResponse {
  const body = xmlDocument('ErrorResponse', xmlNamespace, {
    Error: { Type: error.fault, Code: error.code, Message: error.message, ...error.options.fields },
    RequestId: requestId,
  });
  return {
    status: error.status,
    headers: {
      'content-type': 'text/xml',
      'x-amzn-requestid': requestId,
      ...error.options.headers,
    },
    body,
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The event a REST API sends a Lambda proxy integration (payload format 1.0), built from the
 * request as it arrived. Pure: the server gathers the inputs, this shapes them. Which field
 * holds what, and where that was checked, is in docs/decisions.md, "Local API Gateway".
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { IamIdentity } from './iam-auth';

export interface ProxyRequest {
  readonly method: string;
  /** The path after the stage (`/v1/recommendations/a%20b`), still percent-encoded. */
  readonly path: string;
  /** The query string as sent, without `?`. */
  readonly rawQuery: string;
  /** Node's `req.rawHeaders`: names as sent, name and value alternating, repeats kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** e.g. `HTTP/1.1` */
  readonly protocol: string;
  /** The port the client connected to, for `X-Forwarded-Port`. */
  readonly port: number;
}

export interface ProxyEventContext {
  readonly stage: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly resourcePath: string;
  readonly resourceId: string;
  readonly pathParameters: Readonly<Record<string, string>> | null;
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly requestTimeEpoch: number;
  /** `Root=1-…`: API Gateway adds `X-Amzn-Trace-Id` when the client sent none. */
  readonly traceId: string;
  /** The verified caller of an `AWS_IAM` method. */
  readonly identity?: IamIdentity;
}

/**
 * Hop-by-hop headers and `Expect` end at API Gateway, and so does an `Authorization` header
 * carrying a SigV4 signature (the guide's important notes).
 */
const DROPPED_REQUEST_HEADERS = new Set([
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function proxyEvent(
  request: ProxyRequest,
  context: ProxyEventContext,
): APIGatewayProxyEvent {
  const { headers, multiValueHeaders } = headerMaps(request, context.traceId);
  const query = queryParameters(request.rawQuery);
  const host = headers.Host ?? headers.host ?? '';
  const identity = context.identity;
  return {
    resource: context.resourcePath,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters: query?.single ?? null,
    multiValueQueryStringParameters: query?.multi ?? null,
    pathParameters: context.pathParameters,
    stageVariables: null,
    requestContext: {
      resourceId: context.resourceId,
      resourcePath: context.resourcePath,
      httpMethod: request.method,
      extendedRequestId: context.extendedRequestId,
      requestTime: requestTime(context.requestTimeEpoch),
      path: `/${context.stage}${request.path}`,
      accountId: context.accountId,
      protocol: request.protocol,
      stage: context.stage,
      domainPrefix: host.split('.')[0]!.split(':')[0]!,
      requestTimeEpoch: context.requestTimeEpoch,
      requestId: context.requestId,
      identity: {
        cognitoIdentityPoolId: null,
        accountId: identity?.accountId ?? null,
        cognitoIdentityId: null,
        caller: identity?.caller ?? null,
        sourceIp: request.sourceIp,
        principalOrgId: null,
        accessKey: identity?.accessKey ?? null,
        cognitoAuthenticationType: null,
        cognitoAuthenticationProvider: null,
        userArn: identity?.userArn ?? null,
        userAgent: headers['User-Agent'] ?? headers['user-agent'] ?? null,
        user: identity?.user ?? null,
        apiKey: null,
        apiKeyId: null,
        clientCert: null,
      },
      domainName: host,
      apiId: context.apiId,
      // No authorizer runs for AWS_IAM or NONE: the key is typed but never serialised.
      authorizer: undefined,
    },
    body: request.body.length === 0 ? null : request.body.toString('utf8'),
    isBase64Encoded: false,
  };
}

/** Header names as sent; `headers` keeps a repeated header's last value. */
export function headerMaps(
  request: ProxyRequest,
  traceId: string,
): { headers: Record<string, string>; multiValueHeaders: Record<string, string[]> } {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  let forwardedFor: string | undefined;
  let forwardedForName = 'X-Forwarded-For';
  let traced = false;
  const raw = request.rawHeaders;
  for (let index = 0; index + 1 < raw.length; index += 2) {
    const name = raw[index]!;
    const value = raw[index + 1]!;
    const lower = name.toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(lower)) continue;
    if (lower === 'authorization' && value.startsWith('AWS4-HMAC-SHA256')) continue;
    if (lower === 'x-forwarded-for') {
      forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
      forwardedForName = name;
      continue;
    }
    if (lower === 'x-amzn-trace-id') traced = true;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const added: [string, string][] = [
    [
      forwardedForName,
      forwardedFor === undefined ? request.sourceIp : `${forwardedFor}, ${request.sourceIp}`,
    ],
    ['X-Forwarded-Port', String(request.port)],
    ['X-Forwarded-Proto', 'http'],
  ];
  if (!traced) added.push(['X-Amzn-Trace-Id', traceId]);
  for (const [name, value] of added) {
    headers[name] = value;
    multiValueHeaders[name] = [value];
  }
  return { headers, multiValueHeaders };
}

/**
 * `&` and `;` both split the query (a REST API splits on a semicolon too); `+` is a space and
 * `%XX` is decoded, as a form would be; a repeated key keeps its last value in `single`. `null`
 * for an empty query, as the event has it.
 */
export function queryParameters(
  rawQuery: string,
): { single: Record<string, string>; multi: Record<string, string[]> } | null {
  if (rawQuery === '') return null;
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  let any = false;
  for (const pair of rawQuery.split(/[&;]/)) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const key = decodeFormComponent(equals === -1 ? pair : pair.slice(0, equals));
    const value = decodeFormComponent(equals === -1 ? '' : pair.slice(equals + 1));
    single[key] = value;
    (multi[key] ??= []).push(value);
    any = true;
  }
  return any ? { single, multi } : null;
}

function decodeFormComponent(text: string): string {
  const spaced = text.includes('+') ? text.replaceAll('+', ' ') : text;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced;
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `$context.requestTime`: CLF, `dd/MMM/yyyy:HH:mm:ss +0000`. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]!}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

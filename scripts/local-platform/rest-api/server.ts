/**
 * The HTTP front of the local REST API. Each request goes through what API Gateway does, in its
 * order: the body size, the stage, the resource and method (CORS preflights answered here), the
 * stage throttle, IAM authorisation, then the Lambda proxy integration within the integration
 * timeout; every answer is access-logged.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessLog } from './access-log';
import type { PreflightAnswer } from './cors';
import {
  ENDPOINT_REQUEST_TIMED_OUT,
  FORBIDDEN,
  MISSING_AUTHENTICATION_TOKEN,
  requestTooLarge,
  TOO_MANY_REQUESTS,
  type GatewayResponse,
} from './gateway-responses';
import { isGatewayResponse, type IamAuthorizer, type IamIdentity } from './iam-auth';
import { proxyEvent, requestTime } from './proxy-event';
import { proxyResponse, type MappedResponse } from './proxy-response';
import type { ResourceTree } from './routes';
import type { StageThrottle } from './throttle';
import type { LocalRestApiOptions, RestApiMethod } from './types';

export interface RequestHandlerSettings {
  readonly functions: LocalRestApiOptions['functions'];
  readonly stage: string;
  readonly apiId: string;
  readonly accountId: string;
  readonly tree: ResourceTree;
  readonly authorizer: IamAuthorizer;
  readonly preflight: ((origin: string | undefined) => PreflightAnswer) | undefined;
  readonly throttle: StageThrottle | undefined;
  readonly accessLog: AccessLog | undefined;
  readonly integrationTimeoutMs: number;
  readonly maxBodyBytes: number;
}

const METHODS = new Set<string>(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TIMED_OUT = Symbol('timed out');
const TOO_LARGE = Symbol('too large');
const ABORTED = Symbol('aborted');

/** What one request has learnt so far, for its answer's headers and its access-log line. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly startedAt: number;
  readonly requestId: string;
  readonly extendedRequestId: string;
  readonly traceId: string;
  resourcePath: string | null;
  identity: IamIdentity | undefined;
}

export function requestHandler(settings: RequestHandlerSettings) {
  const stagePrefix = `/${settings.stage}`;
  const tooLarge = requestTooLarge(settings.maxBodyBytes);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const override = req.headers['x-amzn-requestid'];
    const startedAt = Date.now();
    // randomUUID draws on a cached entropy pool; randomBytes costs a system call per id.
    const entropy = `${randomUUID()}${randomUUID()}`.replaceAll('-', '');
    const exchange: Exchange = {
      req,
      res,
      startedAt,
      requestId: typeof override === 'string' && UUID.test(override) ? override : randomUUID(),
      extendedRequestId: Buffer.from(entropy.slice(0, 22), 'hex').toString('base64'),
      traceId: `Root=1-${Math.floor(startedAt / 1000).toString(16)}-${entropy.slice(32, 56)}`,
      resourcePath: null,
      identity: undefined,
    };
    const declaredLength = Number(req.headers['content-length'] ?? 0);
    if (declaredLength > settings.maxBodyBytes) return sendGateway(exchange, tooLarge);

    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1);
    if (rawPath !== stagePrefix && !rawPath.startsWith(`${stagePrefix}/`))
      return sendGateway(exchange, FORBIDDEN);
    const path = rawPath.length === stagePrefix.length ? '/' : rawPath.slice(stagePrefix.length);
    const segments = path.split('/').slice(1);
    if (segments.at(-1) === '') segments.pop();
    const match = settings.tree.match(segments);
    const method = req.method ?? 'GET';
    if (!match) return sendGateway(exchange, MISSING_AUTHENTICATION_TOKEN);
    exchange.resourcePath = match.resource.path;
    if (method === 'OPTIONS' && settings.preflight) {
      const origin = req.headers.origin;
      return sendPreflight(
        exchange,
        settings.preflight(typeof origin === 'string' ? origin : undefined),
      );
    }
    const route = METHODS.has(method)
      ? match.resource.methods.get(method as RestApiMethod)
      : undefined;
    if (!route) return sendGateway(exchange, MISSING_AUTHENTICATION_TOKEN);
    if (
      settings.throttle &&
      !settings.throttle.admit(`${method} ${route.resourcePath}`, exchange.startedAt)
    )
      return sendGateway(exchange, TOO_MANY_REQUESTS);

    const body = await readBody(req, settings.maxBodyBytes);
    // A client gone before its body ended is owed no answer, and its request no log line.
    if (body === ABORTED) return;
    if (body === TOO_LARGE) return sendGateway(exchange, tooLarge);
    if (route.authorization === 'AWS_IAM') {
      const verdict = settings.authorizer.authorize(
        { method, rawPath, rawQuery, headers: req.headers, body },
        new Date(exchange.startedAt),
      );
      if (isGatewayResponse(verdict)) return sendGateway(exchange, verdict);
      exchange.identity = verdict;
    }

    if ('mockResponse' in route) {
      const { statusCode, contentType, body: mockBody } = route.mockResponse;
      return send(exchange, statusCode, { 'Content-Type': contentType }, mockBody);
    }
    const event = proxyEvent(
      {
        method,
        path,
        rawQuery,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: sourceIp(req),
        protocol: `HTTP/${req.httpVersion}`,
        port: req.socket.localPort ?? 0,
      },
      {
        stage: settings.stage,
        apiId: settings.apiId,
        accountId: settings.accountId,
        resourcePath: match.resource.path,
        resourceId: match.resource.id,
        pathParameters: match.pathParameters,
        requestId: exchange.requestId,
        extendedRequestId: exchange.extendedRequestId,
        requestTimeEpoch: exchange.startedAt,
        traceId: exchange.traceId,
        ...(exchange.identity && { identity: exchange.identity }),
      },
    );
    const result = await withTimeout(
      settings.functions.invoke(route.functionName, event),
      settings.integrationTimeoutMs,
    );
    if (result === TIMED_OUT) return sendGateway(exchange, ENDPOINT_REQUEST_TIMED_OUT);
    const mapped = proxyResponse(result);
    if ('contentType' in mapped) return sendGateway(exchange, mapped);
    return sendMapped(exchange, mapped);
  };

  function sendGateway(exchange: Exchange, answer: GatewayResponse): void {
    send(
      exchange,
      answer.status,
      {
        'Content-Type': answer.contentType,
        ...(answer.errorType !== undefined && { 'x-amzn-ErrorType': answer.errorType }),
      },
      answer.body,
    );
  }

  function sendPreflight(exchange: Exchange, answer: PreflightAnswer): void {
    send(exchange, answer.status, { 'Content-Type': 'application/json', ...answer.headers }, '');
  }

  function sendMapped(exchange: Exchange, mapped: MappedResponse): void {
    const headers: Record<string, string | string[]> = {};
    for (const { name, values } of mapped.headers.values())
      headers[name] = values.length === 1 ? values[0]! : values;
    if (!mapped.headers.has('content-type')) headers['Content-Type'] = 'application/json';
    headers['X-Amzn-Trace-Id'] = exchange.traceId;
    send(exchange, mapped.status, headers, mapped.body);
  }

  function send(
    exchange: Exchange,
    status: number,
    headers: Record<string, string | string[]>,
    body: string,
  ): void {
    const { req, res } = exchange;
    const length = Buffer.byteLength(body);
    if (!res.headersSent && !res.destroyed) {
      res.writeHead(status, {
        ...headers,
        'Content-Length': String(length),
        'x-amzn-RequestId': exchange.requestId,
        'x-amz-apigw-id': exchange.extendedRequestId,
      });
      res.end(body);
    }
    settings.accessLog?.write({
      requestId: exchange.requestId,
      ip: sourceIp(req),
      user: exchange.identity?.user ?? null,
      caller: exchange.identity?.caller ?? null,
      requestTime: requestTime(exchange.startedAt),
      httpMethod: req.method ?? 'GET',
      resourcePath: exchange.resourcePath,
      status,
      protocol: `HTTP/${req.httpVersion}`,
      responseLength: length,
    });
  }
}

/**
 * The whole body; TOO_LARGE past `maxBodyBytes` (a chunked body has no length to refuse it by up
 * front), what is left of it discarded by the server once answered; ABORTED when the client
 * closed the connection first.
 */
function readBody(
  req: IncomingMessage,
  maxBodyBytes: number,
): Promise<Buffer | typeof TOO_LARGE | typeof ABORTED> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: Buffer | typeof TOO_LARGE | typeof ABORTED) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose);
      resolve(outcome);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) settle(TOO_LARGE);
      else chunks.push(chunk);
    };
    const onEnd = () => settle(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    const onClose = () => settle(ABORTED);
    req.on('data', onData).on('end', onEnd).on('close', onClose);
  });
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
  });
  // The invocation runs on after a timeout, as a Lambda function does after API Gateway gave up.
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** IPv4 callers arrive on a dual-stack socket as `::ffff:a.b.c.d`; the event names them plainly. */
function sourceIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

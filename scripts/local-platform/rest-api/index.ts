/**
 * A local API Gateway REST API (v1) in front of the local Lambda service: one stage, Lambda
 * proxy integrations, IAM (SigV4) authorisation, CORS preflights, stage throttling and access
 * logs. The platform's unmodified handlers get the event API Gateway sends and their answers
 * reach the client as API Gateway passes them. See README.md in this folder.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessLog } from './access-log';
import { preflightAnswerer } from './cors';
import { IamAuthorizer } from './iam-auth';
import { ResourceTree } from './routes';
import { requestHandler } from './server';
import { StageThrottle } from './throttle';
import type { LocalRestApi, LocalRestApiOptions } from './types';

export * from './types';
export { CORS_DEFAULT_ALLOW_HEADERS, CORS_DEFAULT_ALLOW_METHODS } from './cors';
export { restApiIamOf } from './iam-auth';
export { RestApiConfigurationError } from './errors';

/** The REST API integration timeout's upper bound. */
export const INTEGRATION_TIMEOUT_MS = 29_000;
/** The largest request body a REST API accepts: 10 MiB. */
export const MAX_REQUEST_BODY_BYTES = 10_485_760;

export async function startLocalRestApi(options: LocalRestApiOptions): Promise<LocalRestApi> {
  const apiId = options.apiId ?? defaultApiId(options);
  const tree = new ResourceTree(options.routes, apiId);
  const accessLog = options.accessLogFile ? new AccessLog(options.accessLogFile) : undefined;
  const handle = requestHandler({
    functions: options.functions,
    stage: options.stage,
    apiId,
    accountId: options.accountId,
    tree,
    authorizer: new IamAuthorizer(options.iam, options.region, options.accountId),
    preflight: options.cors && preflightAnswerer(options.cors),
    throttle: options.throttle && new StageThrottle(options.throttle),
    accessLog,
    integrationTimeoutMs: options.integrationTimeoutMs ?? INTEGRATION_TIMEOUT_MS,
    maxBodyBytes: options.maxBodyBytes ?? MAX_REQUEST_BODY_BYTES,
  });
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug of this service, not an answer API Gateway gives: say so rather than hang.
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`local REST API failure: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/${options.stage}`,
    port,
    apiId,
    async stop(): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await accessLog?.close();
    },
  };
}

/** Ten lower-case letters and digits, like API Gateway's ids, stable for one API definition. */
function defaultApiId(options: LocalRestApiOptions): string {
  const definition = JSON.stringify([
    options.accountId,
    options.region,
    options.stage,
    options.routes,
  ]);
  return createHash('sha256')
    .update(definition)
    .digest('hex')
    .replace(/^\d+/, '')
    .slice(0, 10)
    .padEnd(10, 'a');
}

/**
 * localcloud's Azure Storage endpoint, in Azurite's URL style
 * (`http://127.0.0.1:10000/devstoreaccount1/<container>/<path>`): the Blob and DFS (ADLS Gen2)
 * APIs of one hierarchical-namespace account on one port, plus the local identity routes (the
 * token endpoint that exchanges a federated assertion for a storage access token).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { AwsError } from '../core/aws-error';
import { ConnectionDropped, type FaultInjector } from '../core/faults';
import { parseQuery } from '../core/request';
import type { RequestStats } from '../core/request-stats';
import {
  DEFAULT_SERVICE_VERSION,
  DEV_ACCOUNT_KEY,
  DEV_ACCOUNT_NAME,
  connectionString,
} from './account';
import { authenticateAzure, authorize, type IdentityVerifier } from './auth';
import { AzureError, renderAzureError, type ErrorFormat } from './azure-error';
import { header, type AzureRequest, type AzureResponse } from './azure-request';
import { blobApi } from './blob';
import { dfsApi } from './dfs';
import { Namespace } from './namespace';
import type { AzureOperation } from './operation';

/** The identity side the server needs: verification plus its own unauthenticated routes. */
export interface AzureIdentity extends IdentityVerifier {
  /** Token endpoint, discovery documents…; undefined when the request is not one of them. */
  handlePublic(request: PublicRequest): Promise<AzureResponse | undefined>;
  reset(): void;
}

/** A request before it is addressed to the storage account. */
export interface PublicRequest {
  readonly method: string;
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly query: ReadonlyMap<string, string>;
  readonly headers: AzureRequest['headers'];
  readonly body: Buffer;
}

export interface AzureStorageOptions {
  /** @default 10000 (Azurite's blob port); 0 picks a free one */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Refuse Shared Key (and key-signed SAS), as accounts with allowSharedKeyAccess=false do. @default true */
  readonly allowSharedKeyAccess?: boolean;
  readonly identity: AzureIdentity;
  readonly faults: FaultInjector;
  /** Where answered requests are counted (service `azure`, REST operation name). */
  readonly requests: RequestStats;
  /** The emulator clock shared with the AWS endpoint. */
  readonly now: () => Date;
}

export interface AzureStorage {
  /** Blob (and DFS) service URL: `http://127.0.0.1:10000/devstoreaccount1`. */
  readonly endpoint: string;
  readonly port: number;
  readonly accountName: string;
  readonly accountKey: string;
  readonly connectionString: string;
  readonly namespace: Namespace;
  /** Turns Shared Key access off or on at run time (tests of the key-less path). */
  setSharedKeyAccess(allowed: boolean): void;
  reset(): void;
  stop(): Promise<void>;
}

export async function startAzureStorage(options: AzureStorageOptions): Promise<AzureStorage> {
  const namespace = new Namespace();
  let allowSharedKeyAccess = options.allowSharedKeyAccess ?? true;

  async function respond(incoming: PublicRequest, requestId: string): Promise<AzureResponse> {
    const publicResponse = await options.identity.handlePublic(incoming);
    if (publicResponse) return publicResponse;
    const request = address(incoming, requestId);
    let format: ErrorFormat = 'xml';
    try {
      const operation = route(request);
      format = operation.api === 'dfs' ? 'json' : 'xml';
      if (request.path.length > MAX_BLOB_NAME_LENGTH)
        throw new AzureError('OutOfRangeInput', 'One of the request inputs is out of range.', 400);
      const now = options.now();
      const auth = authenticateAzure(request, {
        accountName: DEV_ACCOUNT_NAME,
        accountKey: DEV_ACCOUNT_KEY,
        allowSharedKeyAccess,
        identity: options.identity,
        now,
      });
      authorize(auth, request.container, operation.permission, options.identity);
      options.requests.record('azure', operation.name);
      await options.faults.apply('azure', operation.name);
      const response = await operation.handle({ request, namespace, auth, now: options.now });
      // The call took effect: a fault now loses, replaces or delays its answer.
      await options.faults.apply('azure', operation.name, 'after');
      return response;
    } catch (caught) {
      if (caught instanceof ConnectionDropped) throw caught;
      // Injected faults are raised in the shared injector's vocabulary; Azure spells them its way.
      const error =
        caught instanceof AwsError
          ? new AzureError(caught.code, caught.message, caught.status)
          : caught;
      if (error instanceof AzureError)
        return renderAzureError(error, format, requestId, options.now(), request.method);
      console.error(
        `localcloud azure: internal error on ${request.method} ${request.rawPath}`,
        error,
      );
      return renderAzureError(
        new AzureError(
          'InternalError',
          'The server encountered an internal error. Please retry the request.',
          500,
        ),
        format,
        requestId,
        options.now(),
        request.method,
      );
    }
  }

  const server = createServer((incoming, outgoing) => {
    void handleHttp(incoming, outgoing);
  });

  async function handleHttp(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const url = incoming.url ?? '/';
      const questionMark = url.indexOf('?');
      const request: PublicRequest = {
        method: incoming.method ?? 'GET',
        rawPath: questionMark === -1 ? url : url.slice(0, questionMark),
        rawQuery: questionMark === -1 ? '' : url.slice(questionMark + 1),
        query: parseQuery(questionMark === -1 ? '' : url.slice(questionMark + 1)),
        headers: incoming.headers,
        body: Buffer.concat(chunks),
      };
      const response = await respond(request, requestId);
      const body =
        response.body === undefined
          ? Buffer.alloc(0)
          : Buffer.isBuffer(response.body)
            ? response.body
            : Buffer.from(response.body);
      const headers: Record<string, string | number> = {
        'x-ms-request-id': requestId,
        'x-ms-version':
          (incoming.headers['x-ms-version'] as string | undefined) ?? DEFAULT_SERVICE_VERSION,
        date: options.now().toUTCString(),
        ...(incoming.headers['x-ms-client-request-id'] !== undefined && {
          'x-ms-client-request-id': incoming.headers['x-ms-client-request-id'] as string,
        }),
        ...response.headers,
      };
      if (headers['content-length'] === undefined) headers['content-length'] = body.length;
      outgoing.writeHead(response.status, headers);
      outgoing.end(request.method === 'HEAD' ? undefined : body);
    } catch (error) {
      if (error instanceof ConnectionDropped) {
        incoming.socket.destroy();
        return;
      }
      outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end(error instanceof Error ? error.message : String(error));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 10000, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${options.host ?? '127.0.0.1'}:${port}/${DEV_ACCOUNT_NAME}`;
  return {
    endpoint,
    port,
    accountName: DEV_ACCOUNT_NAME,
    accountKey: DEV_ACCOUNT_KEY,
    connectionString: connectionString(endpoint),
    namespace,
    setSharedKeyAccess: (allowed) => {
      allowSharedKeyAccess = allowed;
    },
    reset: () => {
      namespace.reset();
      allowSharedKeyAccess = options.allowSharedKeyAccess ?? true;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** `/devstoreaccount1/container/a/b` → account, container, decoded path. */
function address(incoming: PublicRequest, requestId: string): AzureRequest {
  let segments = incoming.rawPath.split('/');
  // The DataLake SDK builds a rename's destination URL without the account segment on IP-style
  // (emulator) endpoints, while its x-ms-rename-source keeps it; real accounts are host-style, so
  // the destination belongs to the rename source's account.
  const renameSource = incoming.headers['x-ms-rename-source'];
  if (
    typeof renameSource === 'string' &&
    renameSource.startsWith(`/${DEV_ACCOUNT_NAME}/`) &&
    segments[1] !== DEV_ACCOUNT_NAME
  ) {
    segments = ['', DEV_ACCOUNT_NAME, ...segments.slice(1)];
  }
  const account = segments[1] ?? '';
  const container = decode(segments[2] ?? '');
  const path = decode(segments.slice(3).join('/'));
  return { ...incoming, requestId, account, container, path };
}

/** Blob and path names: at most 1024 characters ("Naming and Referencing Containers, Blobs, and Metadata"). */
const MAX_BLOB_NAME_LENGTH = 1024;

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new AzureError(
      'InvalidUri',
      'The requested URI does not represent any resource on the server.',
      400,
    );
  }
}

function route(request: AzureRequest): AzureOperation {
  if (request.account !== DEV_ACCOUNT_NAME) {
    throw new AzureError(
      'InvalidUri',
      `The requested URI does not represent any resource on the server: account "${request.account}" is not served here (use ${DEV_ACCOUNT_NAME}).`,
      400,
    );
  }
  const operation = dfsApi.route(request) ?? blobApi.route(request);
  if (operation) return operation;
  const selectors = [...request.query.keys()]
    .filter((name) => ['comp', 'restype', 'resource', 'action'].includes(name))
    .map((name) => `${name}=${request.query.get(name)}`);
  throw new AzureError(
    'UnsupportedOperation',
    `localcloud does not implement ${request.method}${selectors.length > 0 ? ` with ${selectors.join('&')}` : ''}${header(request, 'x-ms-rename-source') ? ' (rename)' : ''} on ${request.path ? 'a path' : request.container ? 'a container' : 'the account'}; see scripts/localcloud/README.md`,
    400,
  );
}

/**
 * File system operations of the DFS API (`?resource=filesystem` on a container URL,
 * `?resource=account` on the account URL). A file system is the namespace's container, so the
 * Blob API's container operations see the same thing.
 */
import { AzureError } from '../azure-error';
import { httpDate } from '../azure-request';
import { compareNames, newEtag } from '../namespace';
import type { AzureCall } from '../operation';
import type { AzureResponse } from '../azure-request';
import { conditionNotMet } from './conditions';
import {
  formatProperties,
  invalidHeaderValue,
  parseProperties,
  queryInteger,
  versionHeaders,
} from './dfs-http';
import { header } from '../azure-request';

const MAX_RESULTS = 5000;

/** Container naming rules: 3–63 of [a-z0-9-], starting and ending alphanumeric, no `--`. */
function checkFileSystemName(name: string): void {
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(name)) {
    throw new AzureError(
      'InvalidResourceName',
      'The specified resource name contains invalid characters.',
      400,
    );
  }
}

export function createFileSystem(call: AzureCall): AzureResponse {
  checkFileSystemName(call.request.container);
  const metadata = parseProperties(call.request) ?? {};
  const container = call.namespace.createContainer(
    call.request.container,
    call.now(),
    metadata,
    'dfs',
  );
  return {
    status: 201,
    headers: { ...versionHeaders(container), 'x-ms-namespace-enabled': 'true' },
  };
}

export function deleteFileSystem(call: AzureCall): AzureResponse {
  const container = call.namespace.container(call.request.container, 'dfs');
  checkModifiedSince(call, container.lastModified);
  call.namespace.containers.delete(container.name);
  return { status: 202 };
}

export function getFileSystemProperties(call: AzureCall): AzureResponse {
  const container = call.namespace.container(call.request.container, 'dfs');
  return {
    status: 200,
    headers: {
      ...versionHeaders(container),
      'x-ms-properties': formatProperties(container.metadata),
      'x-ms-namespace-enabled': 'true',
    },
  };
}

export function setFileSystemProperties(call: AzureCall): AzureResponse {
  const container = call.namespace.container(call.request.container, 'dfs');
  checkModifiedSince(call, container.lastModified);
  container.metadata = parseProperties(call.request) ?? {};
  container.etag = newEtag();
  container.lastModified = call.now();
  return { status: 200, headers: versionHeaders(container) };
}

/** `GET /?resource=account`: JSON `{"filesystems":[…]}`, paged by `x-ms-continuation`. */
export function listFileSystems(call: AzureCall): AzureResponse {
  const prefix = call.request.query.get('prefix') ?? '';
  const maxResults = queryInteger(call.request, 'maxResults') ?? MAX_RESULTS;
  if (maxResults < 1) throw invalidMaxResults();
  const continuation = call.request.query.get('continuation');
  const names = [...call.namespace.containers.keys()]
    .filter(
      (name) =>
        name.startsWith(prefix) &&
        (continuation === undefined || compareNames(name, continuation) >= 0),
    )
    .sort(compareNames);
  const page = names.slice(0, Math.min(maxResults, MAX_RESULTS));
  const next = names[page.length];
  const filesystems = page.map((name) => {
    const container = call.namespace.container(name, 'dfs');
    return { name, lastModified: httpDate(container.lastModified), etag: container.etag };
  });
  return {
    status: 200,
    headers: {
      'content-type': 'application/json;charset=utf-8',
      ...(next !== undefined && { 'x-ms-continuation': next }),
    },
    body: JSON.stringify({ filesystems }),
  };
}

export function invalidMaxResults(): AzureError {
  return new AzureError(
    'OutOfRangeQueryParameterValue',
    'One of the query parameters specified in the request URI is outside the permissible range. (maxResults)',
    400,
  );
}

/** File system writes support only the date conditions; If-Match/If-None-Match are refused. */
function checkModifiedSince(call: AzureCall, lastModified: Date): void {
  for (const name of ['if-match', 'if-none-match']) {
    if (header(call.request, name) !== undefined) {
      throw new AzureError(
        'UnsupportedHeader',
        `One of the headers specified in the request is not supported. (${name})`,
        400,
      );
    }
  }
  const at = Math.floor(lastModified.getTime() / 1000);
  const since = date(call, 'if-modified-since');
  if (since !== undefined && at <= since) throw conditionNotMet();
  const unmodified = date(call, 'if-unmodified-since');
  if (unmodified !== undefined && at > unmodified) throw conditionNotMet();
}

function date(call: AzureCall, name: string): number | undefined {
  const value = header(call.request, name);
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalidHeaderValue(name);
  return Math.floor(time / 1000);
}

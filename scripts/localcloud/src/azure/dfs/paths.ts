/**
 * Path operations of the DFS API other than append/flush, rename and listing: Create Path,
 * Delete Path, Get Path Properties (`action=getStatus|getAccessControl`), and Update Path's
 * `setProperties` / `setAccessControl` actions.
 */
import { AzureError } from '../azure-error';
import { header, type AzureResponse } from '../azure-request';
import { newDirectory, newEtag, newFile, pathNotFound, type PathEntry } from '../namespace';
import type { AzureCall } from '../operation';
import {
  aclString,
  accessControlOf,
  applyCreateAccessControl,
  permissionsString,
  setAccessControl,
} from './access-control';
import { checkTargetConditions } from './conditions';
import {
  contentHeaders,
  fileSystemOf,
  invalidQueryValue,
  parseProperties,
  queryFlag,
  versionHeaders,
} from './dfs-http';

export function pathConflict(): AzureError {
  return new AzureError(
    'PathConflict',
    'The specified path, or an element of the path, exists and its resource type is invalid for this operation.',
    409,
  );
}

/** The path a request names, which must exist (404 PathNotFound). */
export function existingPath(call: AzureCall): PathEntry {
  const entry = call.namespace.entry(fileSystemOf(call), call.request.path);
  if (!entry) throw pathNotFound();
  return entry;
}

/** `PUT ?resource=file|directory`. Creating an existing file truncates it, as Azure does. */
export function createPath(call: AzureCall): AzureResponse {
  const resource = call.request.query.get('resource') ?? '';
  if (resource !== 'file' && resource !== 'directory')
    throw invalidQueryValue('resource', resource);
  const container = fileSystemOf(call);
  const now = call.now();
  const existing = call.namespace.entry(container, call.request.path);
  if (existing && existing.kind !== resource) throw pathConflict();
  checkTargetConditions(call.request, existing, true);
  const metadata = parseProperties(call.request) ?? {};
  let entry: PathEntry;
  if (resource === 'directory' && existing) {
    // The directory keeps its children; only its own properties are replaced.
    entry = existing;
    entry.metadata = metadata;
    entry.etag = newEtag();
    entry.lastModified = now;
  } else {
    const name = call.request.path.replace(/^\/+|\/+$/g, '');
    entry =
      resource === 'directory'
        ? { ...newDirectory(name, now), metadata }
        : newFile(name, now, Buffer.alloc(0), contentHeaders(call.request), metadata);
    call.namespace.put(container, entry, now);
  }
  applyCreateAccessControl(call.request, entry);
  return {
    status: 201,
    headers: { ...versionHeaders(entry), 'x-ms-request-server-encrypted': 'true' },
  };
}

/** `DELETE ?recursive=…`: a non-empty directory needs recursive=true (409 DirectoryNotEmpty). */
export function deletePath(call: AzureCall): AzureResponse {
  const recursive = queryFlag(call.request, 'recursive') ?? false;
  const container = fileSystemOf(call);
  const entry = existingPath(call);
  checkTargetConditions(call.request, entry);
  call.namespace.remove(container, entry.name, recursive);
  return { status: 200 };
}

/** `HEAD ?action=getStatus|getAccessControl`: system properties, and the ACL for the latter. */
export function getPathProperties(call: AzureCall): AzureResponse {
  const entry = existingPath(call);
  const notModified = readConditionsFail(call, entry);
  if (notModified) return notModified;
  const control = accessControlOf(entry);
  const withAcl = call.request.query.get('action') === 'getAccessControl';
  return {
    status: 200,
    headers: {
      ...versionHeaders(entry),
      'x-ms-resource-type': entry.kind,
      'x-ms-owner': control.owner,
      'x-ms-group': control.group,
      'x-ms-permissions': permissionsString(control),
      ...(withAcl && { 'x-ms-acl': aclString(control) }),
      'content-length': entry.kind === 'file' ? entry.content.length : 0,
    },
  };
}

/** `PATCH ?action=setProperties`: user properties and, on files, the content headers. */
export function setPathProperties(call: AzureCall): AzureResponse {
  const entry = existingPath(call);
  checkTargetConditions(call.request, entry);
  const metadata = parseProperties(call.request);
  if (metadata !== undefined) entry.metadata = metadata;
  if (entry.kind === 'file')
    entry.properties = { ...entry.properties, ...contentHeaders(call.request) };
  entry.etag = newEtag();
  entry.lastModified = call.now();
  return { status: 200, headers: versionHeaders(entry) };
}

/** `PATCH ?action=setAccessControl`: owner, group, and permissions or ACL (not both). */
export function setPathAccessControl(call: AzureCall): AzureResponse {
  const entry = existingPath(call);
  checkTargetConditions(call.request, entry);
  setAccessControl(call.request, entry);
  entry.etag = newEtag();
  entry.lastModified = call.now();
  return { status: 200, headers: versionHeaders(entry) };
}

/**
 * Read conditions: If-Match / If-Unmodified-Since failures are 412, If-None-Match /
 * If-Modified-Since ones are 304 Not Modified (HTTP semantics for reads).
 */
function readConditionsFail(call: AzureCall, entry: PathEntry): AzureResponse | undefined {
  const ifNoneMatch = header(call.request, 'if-none-match');
  const ifModifiedSince = header(call.request, 'if-modified-since');
  const rest = { ...call.request.headers };
  delete rest['if-none-match'];
  delete rest['if-modified-since'];
  checkTargetConditions({ ...call.request, headers: rest }, entry);
  try {
    checkTargetConditions(
      {
        ...call.request,
        headers: {
          ...(ifNoneMatch !== undefined && { 'if-none-match': ifNoneMatch }),
          ...(ifModifiedSince !== undefined && { 'if-modified-since': ifModifiedSince }),
        },
      },
      entry,
    );
  } catch (error) {
    if (error instanceof AzureError && error.status === 412) {
      return { status: 304, headers: versionHeaders(entry) };
    }
    throw error;
  }
  return undefined;
}

/**
 * The DFS (ADLS Gen2) API. It claims requests that only the DFS endpoint understands: the
 * `resource` / `action` query selectors, renames, recursive deletes and List Paths. Path reads
 * and properties without `action`, and `restype=container` operations, are the Blob API's (the
 * Data Lake SDK itself sends those to the blob endpoint, which here is the same URL).
 */
import { header, type AzureRequest } from '../azure-request';
import type { AzureApi, AzureCall, AzureOperation } from '../operation';
import type { Permission } from '../auth';
import type { AzureResponse } from '../azure-request';
import { appendData, flushData } from './append-flush';
import {
  createFileSystem,
  deleteFileSystem,
  getFileSystemProperties,
  listFileSystems,
  setFileSystemProperties,
} from './filesystems';
import { listPaths } from './list-paths';
import {
  createPath,
  deletePath,
  getPathProperties,
  setPathAccessControl,
  setPathProperties,
} from './paths';
import { renamePath } from './rename';

function operation(
  name: string,
  permission: Permission,
  handle: (call: AzureCall) => AzureResponse,
): AzureOperation {
  return { name, api: 'dfs', permission, handle };
}

const CreateFilesystem = operation('CreateFilesystem', 'c', createFileSystem);
const DeleteFilesystem = operation('DeleteFilesystem', 'd', deleteFileSystem);
const GetFilesystemProperties = operation('GetFilesystemProperties', 'r', getFileSystemProperties);
const SetFilesystemProperties = operation('SetFilesystemProperties', 'w', setFileSystemProperties);
const ListFilesystems = operation('ListFilesystems', 'l', listFileSystems);
const ListPaths = operation('ListPaths', 'l', listPaths);
const CreatePath = operation('CreatePath', 'c', createPath);
const RenamePath = operation('RenamePath', 'm', renamePath);
const AppendData = operation('AppendData', 'w', appendData);
const FlushData = operation('FlushData', 'w', flushData);
const DeletePath = operation('DeletePath', 'd', deletePath);
const GetPathProperties = operation('GetPathProperties', 'r', getPathProperties);
// Changing ACLs needs SAS 'p' on Azure; the emulator's permission model stops at 'w'.
const SetPathProperties = operation('UpdatePath', 'w', setPathProperties);
const SetPathAccessControl = operation('UpdatePath', 'w', setPathAccessControl);

function routeAccount(request: AzureRequest): AzureOperation | undefined {
  return request.method === 'GET' && request.query.get('resource') === 'account'
    ? ListFilesystems
    : undefined;
}

function routeFileSystem(request: AzureRequest): AzureOperation | undefined {
  if (request.query.get('resource') !== 'filesystem') return undefined;
  switch (request.method) {
    case 'PUT':
      return CreateFilesystem;
    case 'DELETE':
      return DeleteFilesystem;
    case 'HEAD':
      return GetFilesystemProperties;
    case 'PATCH':
      return SetFilesystemProperties;
    case 'GET':
      return ListPaths;
    default:
      return undefined;
  }
}

function routePath(request: AzureRequest): AzureOperation | undefined {
  const action = request.query.get('action');
  switch (request.method) {
    case 'PUT':
      if (header(request, 'x-ms-rename-source') !== undefined) return RenamePath;
      return request.query.has('resource') ? CreatePath : undefined;
    case 'PATCH':
      if (action === 'append') return AppendData;
      if (action === 'flush') return FlushData;
      if (action === 'setProperties') return SetPathProperties;
      if (action === 'setAccessControl') return SetPathAccessControl;
      return undefined;
    case 'HEAD':
      return action === 'getStatus' || action === 'getAccessControl'
        ? GetPathProperties
        : undefined;
    case 'DELETE':
      return request.query.has('recursive') ? DeletePath : undefined;
    default:
      return undefined;
  }
}

export const dfsApi: AzureApi = {
  route(request) {
    if (request.container === '') return routeAccount(request);
    if (request.path === '') return routeFileSystem(request);
    return routePath(request);
  },
};

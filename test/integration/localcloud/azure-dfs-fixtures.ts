import {
  DataLakeServiceClient,
  StorageSharedKeyCredential,
  type DataLakeFileSystemClient,
  type PathMoveOptions,
  type PathMoveResponse,
  type RestError,
} from '@azure/storage-file-datalake';
import type { LocalCloud } from '@hybrid-lake/localcloud';

export const FILE_SYSTEM = 'lake-raw';

export function dataLake(cloud: LocalCloud): DataLakeServiceClient {
  return new DataLakeServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
    // Quick retries keep the fault-injection tests fast; behaviour is the SDK's own.
    { retryOptions: { maxTries: 3, retryDelayInMs: 10, maxRetryDelayInMs: 50 } },
  );
}

/**
 * The SDK's generated DFS file system operations (`?resource=filesystem`). The public
 * DataLakeFileSystemClient methods send the Blob API's container requests instead, so these are
 * the SDK's own wire-level calls for the DFS operations.
 */
export interface DfsFileSystemOperations {
  create(options?: { properties?: string }): Promise<{ etag?: string; namespaceEnabled?: string }>;
  delete(options?: {
    modifiedAccessConditions?: { ifModifiedSince?: Date; ifUnmodifiedSince?: Date };
  }): Promise<unknown>;
  getProperties(): Promise<{ etag?: string; properties?: string; namespaceEnabled?: string }>;
  setProperties(options?: {
    properties?: string;
    modifiedAccessConditions?: { ifModifiedSince?: Date; ifUnmodifiedSince?: Date };
  }): Promise<{ etag?: string }>;
}

export function dfsFileSystem(client: DataLakeFileSystemClient): DfsFileSystemOperations {
  return (client as unknown as { fileSystemContext: DfsFileSystemOperations }).fileSystemContext;
}

export interface DfsServiceOperations {
  listFileSystems(options?: {
    prefix?: string;
    maxResults?: number;
    continuation?: string;
  }): Promise<{ filesystems?: { name?: string }[]; continuation?: string }>;
}

export function dfsService(client: DataLakeServiceClient): DfsServiceOperations {
  return (client as unknown as { storageClientContext: { service: DfsServiceOperations } })
    .storageClientContext.service;
}

/** Creates the test file system through the DFS API (Create Filesystem). */
export async function createFileSystem(
  cloud: LocalCloud,
  name = FILE_SYSTEM,
): Promise<DataLakeFileSystemClient> {
  const fileSystem = dataLake(cloud).getFileSystemClient(name);
  await dfsFileSystem(fileSystem).create();
  return fileSystem;
}

/** What readers of the shared namespace see at a path: committed bytes only. */
export function committed(cloud: LocalCloud, path: string, fileSystem = FILE_SYSTEM): Buffer {
  const container = cloud.azure.namespace.container(fileSystem, 'dfs');
  const entry = cloud.azure.namespace.entry(container, path);
  if (!entry) throw new Error(`no path ${path}`);
  return entry.content;
}

export function pathExists(cloud: LocalCloud, path: string, fileSystem = FILE_SYSTEM): boolean {
  const container = cloud.azure.namespace.containers.get(fileSystem);
  return container !== undefined && cloud.azure.namespace.entry(container, path) !== undefined;
}

/** The SDK's RestError fields a test asserts: HTTP status and service error code. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ statusCode?: number; code?: string }> {
  try {
    await promise;
  } catch (error) {
    const restError = error as RestError & { details?: { errorCode?: string } };
    return {
      statusCode: restError.statusCode,
      code: restError.details?.errorCode ?? restError.code,
    };
  }
  throw new Error('expected the call to fail');
}

/**
 * Rename Path through the SDK's own `move(fileSystem, path)`, exactly as application code calls
 * it. (On IP-style endpoints the SDK drops the account from the destination URL; the emulator
 * addresses such a rename by its source's account, see azure/server.ts.)
 */
export function moveTo(
  _cloud: LocalCloud,
  source: {
    move(fileSystem: string, path: string, options?: PathMoveOptions): Promise<PathMoveResponse>;
  },
  destination: string,
  options: PathMoveOptions = {},
  fileSystem = FILE_SYSTEM,
): Promise<PathMoveResponse> {
  return source.move(fileSystem, destination, options);
}

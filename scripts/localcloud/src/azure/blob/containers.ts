/** Container operations: a container of this HNS account is also a DFS file system. */
import { AzureError } from '../azure-error';
import { header, httpDate, type AzureRequest } from '../azure-request';
import { newEtag, type Container } from '../namespace';
import type { AzureCall, AzureOperation } from '../operation';
import { conditionNotMet } from './errors';
import { metadataHeaders, readMetadata } from './metadata';

/** Names Azure reserves for its own containers, exempt from the naming rules. */
const RESERVED_NAMES = new Set(['$root', '$web', '$logs']);

/**
 * 3 to 63 characters; lower-case letters, digits and single dashes; starts and ends with a
 * letter or digit.
 */
export function validateContainerName(name: string): void {
  if (RESERVED_NAMES.has(name)) return;
  if (name.length < 3 || name.length > 63) {
    throw new AzureError(
      'OutOfRangeInput',
      'The specified resource name length is not within the permissible limits.',
      400,
    );
  }
  if (!/^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$/.test(name)) {
    throw new AzureError(
      'InvalidResourceName',
      'The specifed resource name contains invalid characters.',
      400,
    );
  }
}

function containerHeaders(container: Container): Record<string, string> {
  return { etag: container.etag, 'last-modified': httpDate(container.lastModified) };
}

/** Containers only honour the date conditions (and leases, which localcloud does not grant). */
function checkDateConditions(request: AzureRequest, container: Container): void {
  const modified = Math.floor(container.lastModified.getTime() / 1000);
  const since = header(request, 'if-modified-since');
  const unmodifiedSince = header(request, 'if-unmodified-since');
  if (since !== undefined && modified <= Math.floor(new Date(since).getTime() / 1000))
    throw conditionNotMet();
  if (
    unmodifiedSince !== undefined &&
    modified > Math.floor(new Date(unmodifiedSince).getTime() / 1000)
  )
    throw conditionNotMet();
}

export const createContainer: AzureOperation = {
  name: 'CreateContainer',
  api: 'blob',
  permission: 'c',
  handle(call: AzureCall) {
    const { request, namespace } = call;
    validateContainerName(request.container);
    const metadata = readMetadata(request);
    const container = namespace.createContainer(request.container, call.now(), metadata, 'blob');
    return { status: 201, headers: containerHeaders(container) };
  },
};

export const getContainerProperties: AzureOperation = {
  name: 'GetContainerProperties',
  api: 'blob',
  permission: 'r',
  handle({ request, namespace }: AzureCall) {
    const container = namespace.container(request.container, 'blob');
    return {
      status: 200,
      headers: {
        ...containerHeaders(container),
        ...metadataHeaders(container.metadata),
        'x-ms-lease-status': 'unlocked',
        'x-ms-lease-state': 'available',
        'x-ms-has-immutability-policy': 'false',
        'x-ms-has-legal-hold': 'false',
        'x-ms-default-encryption-scope': '$account-encryption-key',
        'x-ms-deny-encryption-scope-override': 'false',
        'x-ms-immutable-storage-with-versioning-enabled': 'false',
      },
    };
  },
};

export const setContainerMetadata: AzureOperation = {
  name: 'SetContainerMetadata',
  api: 'blob',
  permission: 'w',
  handle(call: AzureCall) {
    const { request, namespace } = call;
    const container = namespace.container(request.container, 'blob');
    // The reference allows only If-Modified-Since here.
    if (header(request, 'if-unmodified-since') !== undefined) {
      throw new AzureError(
        'UnsupportedHeader',
        'One of the HTTP headers specified in the request is not supported.',
        400,
        { details: { HeaderName: 'If-Unmodified-Since' } },
      );
    }
    checkDateConditions(request, container);
    container.metadata = readMetadata(request);
    container.etag = newEtag();
    container.lastModified = call.now();
    return { status: 200, headers: containerHeaders(container) };
  },
};

export const deleteContainer: AzureOperation = {
  name: 'DeleteContainer',
  api: 'blob',
  permission: 'd',
  handle({ request, namespace }: AzureCall) {
    const container = namespace.container(request.container, 'blob');
    checkDateConditions(request, container);
    namespace.containers.delete(container.name);
    return { status: 202 };
  },
};

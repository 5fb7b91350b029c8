/**
 * The Blob API of the hierarchical-namespace account: containers, block blobs (whole, staged
 * blocks, server-side copies from a URL) and listings. Requests are told apart the way the
 * REST reference does: by level (account, container, blob), method, `restype`, `comp` and, for
 * copies, the `x-ms-copy-source` header.
 */
import { header, type AzureRequest } from '../azure-request';
import type { AzureApi, AzureOperation } from '../operation';
import { getBlob, getBlobProperties } from './blob-read';
import { deleteBlob, putBlob, setBlobMetadata, setBlobProperties } from './blob-write';
import { getBlockList, putBlock, putBlockList } from './blocks';
import {
  createContainer,
  deleteContainer,
  getContainerProperties,
  setContainerMetadata,
} from './containers';
import { putBlobFromUrl, putBlockFromUrl } from './from-url';
import { listBlobs } from './list-blobs';
import { listContainers } from './list-containers';

function accountOperation(request: AzureRequest): AzureOperation | undefined {
  const comp = request.query.get('comp');
  if (request.method === 'GET' && comp === 'list') return listContainers;
  return undefined;
}

function containerOperation(request: AzureRequest): AzureOperation | undefined {
  if (request.query.get('restype') !== 'container') return undefined;
  const comp = request.query.get('comp');
  switch (`${request.method} ${comp ?? ''}`) {
    case 'PUT ':
      return createContainer;
    case 'GET ':
    case 'HEAD ':
      return getContainerProperties;
    case 'PUT metadata':
      return setContainerMetadata;
    case 'DELETE ':
      return deleteContainer;
    case 'GET list':
      return listBlobs;
    default:
      return undefined;
  }
}

function blobOperation(request: AzureRequest): AzureOperation | undefined {
  const comp = request.query.get('comp');
  const copySource = header(request, 'x-ms-copy-source') !== undefined;
  switch (`${request.method} ${comp ?? ''}`) {
    case 'PUT block':
      return copySource ? putBlockFromUrl : putBlock;
    case 'PUT blocklist':
      return putBlockList;
    case 'GET blocklist':
      return getBlockList;
    case 'PUT metadata':
      return setBlobMetadata;
    case 'PUT properties':
      return setBlobProperties;
    case 'PUT ':
      // Without x-ms-blob-type a copy source means the asynchronous Copy Blob, not served here.
      if (!copySource) return putBlob;
      return header(request, 'x-ms-blob-type') !== undefined ? putBlobFromUrl : undefined;
    case 'GET ':
      return getBlob;
    case 'HEAD ':
      return getBlobProperties;
    case 'DELETE ':
      return deleteBlob;
    default:
      return undefined;
  }
}

export const blobApi: AzureApi = {
  route(request) {
    if (request.container === '') return accountOperation(request);
    if (request.path === '') return containerOperation(request);
    return blobOperation(request);
  },
};

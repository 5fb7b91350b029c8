/** Put Blob (block blobs only), Set Blob Metadata, Set Blob Properties, Delete Blob. */
import { AzureError } from '../azure-error';
import { header, httpDate } from '../azure-request';
import { newEtag, type PathEntry } from '../namespace';
import type { AzureCall, AzureOperation } from '../operation';
import { contentPropertiesFrom, md5Of, verifyMd5, writeHeaders } from './blob-headers';
import { existingBlob } from './blob-read';
import { commitBlob, commitDirectory } from './commit';
import { checkWriteConditions } from './conditions';
import {
  directoryNotEmpty,
  invalidHeaderValue,
  missingHeader,
  requestBodyTooLarge,
} from './errors';
import { marksFolder, readMetadata, withoutFolderMarker } from './metadata';

/** Put Blob's limit since version 2019-12-12: 5000 MiB. */
export const MAX_PUT_BLOB_BYTES = 5000 * 1024 * 1024;

/** Only block blobs exist here: page blobs are not supported on HNS accounts at all. */
export function requireBlockBlob(call: AzureCall): void {
  const blobType = header(call.request, 'x-ms-blob-type');
  if (blobType === undefined) throw missingHeader('x-ms-blob-type');
  if (blobType === 'BlockBlob') return;
  if (blobType === 'PageBlob' || blobType === 'AppendBlob') {
    throw new AzureError(
      'BlobOperationNotSupported',
      'The operation is not supported in this scenario.',
      409,
    );
  }
  throw invalidHeaderValue('x-ms-blob-type', blobType);
}

export const putBlob: AzureOperation = {
  name: 'PutBlob',
  api: 'blob',
  permission: 'w',
  handle(call: AzureCall) {
    const { request, namespace } = call;
    requireBlockBlob(call);
    const declared = Number(header(request, 'content-length') ?? request.body.length);
    if (declared > MAX_PUT_BLOB_BYTES) throw requestBodyTooLarge(MAX_PUT_BLOB_BYTES);
    const container = namespace.container(request.container, 'blob');
    const metadata = readMetadata(request);
    const content = request.body;
    verifyMd5(header(request, 'content-md5'), content);
    verifyMd5(header(request, 'x-ms-blob-content-md5'), content);
    const now = call.now();
    if (marksFolder(metadata) && content.length === 0) {
      const directory = commitDirectory(
        namespace,
        request,
        container,
        withoutFolderMarker(metadata),
        now,
      );
      return { status: 201, headers: writeHeaders(directory) };
    }
    const contentMd5 = md5Of(content);
    const entry = commitBlob(
      namespace,
      request,
      container,
      { content, properties: { ...contentPropertiesFrom(request), contentMd5 }, metadata },
      now,
    );
    return { status: 201, headers: { ...writeHeaders(entry), 'content-md5': contentMd5 } };
  },
};

function touch(entry: PathEntry, now: Date): void {
  entry.etag = newEtag();
  entry.lastModified = now;
}

export const setBlobMetadata: AzureOperation = {
  name: 'SetBlobMetadata',
  api: 'blob',
  permission: 'w',
  handle(call: AzureCall) {
    const entry = existingBlob(call);
    checkWriteConditions(call.request, entry);
    entry.metadata = withoutFolderMarker(readMetadata(call.request));
    touch(entry, call.now());
    return { status: 200, headers: writeHeaders(entry) };
  },
};

/** The six HTTP properties are replaced together: one left out of the request is cleared. */
export const setBlobProperties: AzureOperation = {
  name: 'SetBlobProperties',
  api: 'blob',
  permission: 'w',
  handle(call: AzureCall) {
    const entry = existingBlob(call);
    checkWriteConditions(call.request, entry);
    const contentMd5 = header(call.request, 'x-ms-blob-content-md5');
    entry.properties = {
      ...contentPropertiesFrom(call.request),
      ...(contentMd5 !== undefined && contentMd5 !== '' && { contentMd5 }),
    };
    touch(entry, call.now());
    return {
      status: 200,
      headers: { etag: entry.etag, 'last-modified': httpDate(entry.lastModified) },
    };
  },
};

export const deleteBlob: AzureOperation = {
  name: 'DeleteBlob',
  api: 'blob',
  permission: 'd',
  handle(call: AzureCall) {
    const { request, namespace } = call;
    const container = namespace.container(request.container, 'blob');
    const entry = existingBlob(call);
    checkWriteConditions(request, entry);
    if (entry.kind === 'directory' && namespace.descendants(container, entry.name).length > 0) {
      throw directoryNotEmpty();
    }
    namespace.remove(container, entry.name, false);
    return { status: 202, headers: { 'x-ms-delete-type-permanent': 'true' } };
  },
};

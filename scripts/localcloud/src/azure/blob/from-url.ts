/** Put Blob From URL and Put Block From URL: server-side copies from a URL the service reads. */
import { header, type AzureRequest } from '../azure-request';
import { trimSlashes, type ContentProperties } from '../namespace';
import type { AzureCall, AzureOperation } from '../operation';
import { contentPropertiesFrom, md5Of, verifyMd5, writeHeaders } from './blob-headers';
import { MAX_PUT_BLOB_BYTES, requireBlockBlob } from './blob-write';
import { MAX_BLOCK_BYTES, blockIdOf, stageBlock } from './blocks';
import { checkBlobWrite, commitBlob } from './commit';
import { fetchSource, sourceRangeOf, sourceUrlOf } from './copy-source';
import { requestBodyTooLarge } from './errors';
import { readMetadata } from './metadata';

/** The source's HTTP properties, as `x-ms-copy-source-blob-properties: true` copies them. */
function sourceProperties(headers: Headers): ContentProperties {
  const properties: ContentProperties = {};
  const contentType = headers.get('content-type');
  const contentEncoding = headers.get('content-encoding');
  const contentLanguage = headers.get('content-language');
  const contentDisposition = headers.get('content-disposition');
  const cacheControl = headers.get('cache-control');
  if (contentType !== null) properties.contentType = contentType;
  if (contentEncoding !== null) properties.contentEncoding = contentEncoding;
  if (contentLanguage !== null) properties.contentLanguage = contentLanguage;
  if (contentDisposition !== null) properties.contentDisposition = contentDisposition;
  if (cacheControl !== null) properties.cacheControl = cacheControl;
  return properties;
}

/**
 * Properties of the new blob: the source's by default, the request's when
 * `x-ms-copy-source-blob-properties: false`; a property the request sets explicitly wins.
 */
function propertiesFor(request: AzureRequest, source: Headers): ContentProperties {
  const copySource = header(request, 'x-ms-copy-source-blob-properties')?.toLowerCase() !== 'false';
  return {
    ...(copySource ? sourceProperties(source) : {}),
    ...contentPropertiesFrom(request),
  };
}

export const putBlobFromUrl: AzureOperation = {
  name: 'PutBlobFromURL',
  api: 'blob',
  permission: 'w',
  async handle(call: AzureCall) {
    const { request, namespace } = call;
    requireBlockBlob(call);
    sourceUrlOf(request);
    const container = namespace.container(request.container, 'blob');
    const metadata = readMetadata(request);
    // Fail fast, before reading the source; checked again when writing.
    checkBlobWrite(request, container, namespace.entry(container, trimSlashes(request.path)));
    const source = await fetchSource(request, undefined, MAX_PUT_BLOB_BYTES);
    verifyMd5(header(request, 'x-ms-source-content-md5'), source.content);
    const contentMd5 = md5Of(source.content);
    const entry = commitBlob(
      namespace,
      request,
      container,
      {
        content: source.content,
        properties: { ...propertiesFor(request, source.headers), contentMd5 },
        metadata,
      },
      call.now(),
    );
    return { status: 201, headers: { ...writeHeaders(entry), 'content-md5': contentMd5 } };
  },
};

export const putBlockFromUrl: AzureOperation = {
  name: 'PutBlockFromURL',
  api: 'blob',
  permission: 'w',
  async handle(call: AzureCall) {
    const { request, namespace } = call;
    const id = blockIdOf(call);
    sourceUrlOf(request);
    namespace.container(request.container, 'blob');
    const range = sourceRangeOf(request);
    if (range?.end !== undefined && range.end - range.start + 1 > MAX_BLOCK_BYTES) {
      throw requestBodyTooLarge(MAX_BLOCK_BYTES);
    }
    const source = await fetchSource(request, range, MAX_BLOCK_BYTES);
    verifyMd5(header(request, 'x-ms-source-content-md5'), source.content);
    stageBlock(call, id, source.content);
    return {
      status: 201,
      headers: { 'content-md5': md5Of(source.content), 'x-ms-request-server-encrypted': 'true' },
    };
  },
};

/** Headers shared by the Blob operations: content properties in, blob properties out. */
import { createHash } from 'node:crypto';
import { header, httpDate, type AzureRequest } from '../azure-request';
import type { ContentProperties, PathEntry } from '../namespace';
import { invalidMd5, md5Mismatch } from './errors';
import { metadataHeaders, visibleMetadata } from './metadata';

export function md5Of(content: Buffer): string {
  return createHash('md5').update(content).digest('base64');
}

/** Checks a client-sent MD5 (`Content-MD5`, `x-ms-blob-content-md5`…) against the bytes. */
export function verifyMd5(sent: string | undefined, content: Buffer): void {
  if (sent === undefined) return;
  if (Buffer.from(sent, 'base64').length !== 16) throw invalidMd5();
  const computed = md5Of(content);
  if (computed !== sent) throw md5Mismatch(sent, computed);
}

/** `x-ms-blob-content-*` and `x-ms-blob-cache-control` as sent (MD5 excluded: callers decide). */
export function contentPropertiesFrom(request: AzureRequest): ContentProperties {
  const properties: ContentProperties = {};
  const read = (name: string) => header(request, name);
  const contentType = read('x-ms-blob-content-type');
  const contentEncoding = read('x-ms-blob-content-encoding');
  const contentLanguage = read('x-ms-blob-content-language');
  const contentDisposition = read('x-ms-blob-content-disposition');
  const cacheControl = read('x-ms-blob-cache-control');
  if (contentType !== undefined) properties.contentType = contentType;
  if (contentEncoding !== undefined) properties.contentEncoding = contentEncoding;
  if (contentLanguage !== undefined) properties.contentLanguage = contentLanguage;
  if (contentDisposition !== undefined) properties.contentDisposition = contentDisposition;
  if (cacheControl !== undefined) properties.cacheControl = cacheControl;
  return properties;
}

/** What every successful write answers. */
export function writeHeaders(entry: PathEntry): Record<string, string> {
  return {
    etag: entry.etag,
    'last-modified': httpDate(entry.lastModified),
    'x-ms-request-server-encrypted': 'true',
  };
}

/** Get Blob / Get Blob Properties: the blob's system properties and metadata. */
export function blobPropertyHeaders(entry: PathEntry): Record<string, string> {
  const { properties } = entry;
  const headers: Record<string, string> = {
    'last-modified': httpDate(entry.lastModified),
    'x-ms-creation-time': httpDate(entry.createdAt),
    etag: entry.etag,
    'content-type': properties.contentType ?? 'application/octet-stream',
    'x-ms-blob-type': 'BlockBlob',
    'x-ms-lease-status': 'unlocked',
    'x-ms-lease-state': 'available',
    'x-ms-server-encrypted': 'true',
    'x-ms-resource-type': entry.kind,
    'accept-ranges': 'bytes',
    ...metadataHeaders(visibleMetadata(entry)),
  };
  if (properties.contentEncoding !== undefined)
    headers['content-encoding'] = properties.contentEncoding;
  if (properties.contentLanguage !== undefined)
    headers['content-language'] = properties.contentLanguage;
  if (properties.contentDisposition !== undefined)
    headers['content-disposition'] = properties.contentDisposition;
  if (properties.cacheControl !== undefined) headers['cache-control'] = properties.cacheControl;
  return headers;
}

/**
 * List Blobs. On a hierarchical-namespace account every directory is also a blob (zero length,
 * metadata `hdi_isfolder=true`), so directories appear among the blobs; with a delimiter their
 * contents collapse into a BlobPrefix. Blobs with only uncommitted blocks are not listed.
 */
import type { XmlObject } from '../../core/xml';
import { httpDate } from '../azure-request';
import { compareNames, type PathEntry } from '../namespace';
import type { AzureCall, AzureOperation } from '../operation';
import { enumerationResults, pagingOf, serviceEndpoint, xmlResponse } from './listing';
import { visibleMetadata } from './metadata';

type Item =
  | { readonly kind: 'blob'; readonly key: string; readonly entry: PathEntry }
  | { readonly kind: 'prefix'; readonly key: string };

/** Blobs and prefixes in listing order; a prefix stands for every name it covers. */
function itemsOf(entries: PathEntry[], prefix: string, delimiter: string | undefined): Item[] {
  const items: Item[] = [];
  let lastPrefix: string | undefined;
  for (const entry of entries) {
    if (!entry.name.startsWith(prefix)) continue;
    const cut = delimiter ? entry.name.indexOf(delimiter, prefix.length) : -1;
    if (delimiter && cut !== -1) {
      const key = entry.name.slice(0, cut + delimiter.length);
      if (key !== lastPrefix) items.push({ kind: 'prefix', key });
      lastPrefix = key;
      continue;
    }
    items.push({ kind: 'blob', key: entry.name, entry });
  }
  return items;
}

function blobXml(entry: PathEntry, withMetadata: boolean): XmlObject {
  const { properties } = entry;
  return {
    Name: entry.name,
    Properties: {
      'Creation-Time': httpDate(entry.createdAt),
      'Last-Modified': httpDate(entry.lastModified),
      Etag: entry.etag.replace(/"/g, ''),
      'Content-Length': entry.content.length,
      'Content-Type': properties.contentType ?? 'application/octet-stream',
      'Content-Encoding': properties.contentEncoding ?? '',
      'Content-Language': properties.contentLanguage ?? '',
      'Content-MD5': properties.contentMd5 ?? '',
      'Content-Disposition': properties.contentDisposition ?? '',
      'Cache-Control': properties.cacheControl ?? '',
      BlobType: 'BlockBlob',
      AccessTier: 'Hot',
      AccessTierInferred: true,
      LeaseStatus: 'unlocked',
      LeaseState: 'available',
      ServerEncrypted: true,
    },
    Metadata: withMetadata ? visibleMetadata(entry) : undefined,
  };
}

export const listBlobs: AzureOperation = {
  name: 'ListBlobs',
  api: 'blob',
  permission: 'l',
  handle({ request, namespace }: AzureCall) {
    const container = namespace.container(request.container, 'blob');
    const paging = pagingOf(request);
    const delimiter = request.query.get('delimiter') || undefined;
    const entries = [...container.entries.values()].sort((a, b) => compareNames(a.name, b.name));
    const items = itemsOf(entries, paging.prefix, delimiter).filter(
      (item) => compareNames(item.key, paging.marker) >= 0,
    );
    const page = items.slice(0, paging.maxResults);
    const next = items[paging.maxResults];
    const withMetadata = paging.include.includes('metadata');
    const blobs = page.flatMap((item) =>
      item.kind === 'blob' ? [blobXml(item.entry, withMetadata)] : [],
    );
    const prefixes = page.flatMap((item) => (item.kind === 'prefix' ? [{ Name: item.key }] : []));
    const body = enumerationResults(
      { ServiceEndpoint: serviceEndpoint(request), ContainerName: container.name },
      request,
      paging,
      {
        Blobs: { Blob: blobs, BlobPrefix: prefixes },
        NextMarker: next?.key ?? '',
      },
    );
    return xmlResponse(body);
  },
};

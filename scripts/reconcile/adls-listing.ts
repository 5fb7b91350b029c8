/**
 * The ADLS side over the Blob API: List Blobs with delimiter `/` and metadata, one directory at
 * a time (see adls-walk.ts for why). The Blob listing, unlike DFS List Paths, returns each
 * file's metadata and Content-MD5, so the transfer's record is read without a request per file.
 * Blob and DFS share one namespace on an HNS account, so these are the same files.
 */
import type { BlobItem, ContainerClient } from '@azure/storage-blob';
import { isHiddenLakeKey, TRANSFER_TEMP_PREFIX } from '../../infra/platform';
import { walkFiles, type DirectoryLister, type ListedBlob, type WalkStats } from './adls-walk';
import { SOURCE_ETAG_METADATA, SOURCE_VERSION_ID_METADATA, type AdlsEntry } from './keys';

export interface AdlsListingOptions {
  /** Entries per List Blobs request. @default 5000 (the service maximum) */
  readonly pageSize?: number;
  /** Filled with the walk's high-water marks. */
  readonly stats?: WalkStats;
}

/**
 * Every file under `prefix` except the transfer's staging area and a job's commit files (copies
 * of `_SUCCESS` mirrored before such files were skipped), in UTF-8 byte order.
 */
export async function* listAdlsFiles(
  container: ContainerClient,
  prefix: string,
  options: AdlsListingOptions = {},
): AsyncGenerator<AdlsEntry> {
  const lister = containerLister(container, options.pageSize ?? 5000);
  const scope = { prefix, exclude: [`${TRANSFER_TEMP_PREFIX}/`] };
  for await (const blob of walkFiles(lister, scope, options.stats))
    if (!isHiddenLakeKey(blob.name)) yield adlsEntryOf(blob);
}

export function containerLister(container: ContainerClient, pageSize: number): DirectoryLister {
  return async function* listDirectory(prefix) {
    const pages = container
      .listBlobsByHierarchy('/', { prefix, includeMetadata: true })
      .byPage({ maxPageSize: pageSize });
    for await (const page of pages) {
      yield {
        blobs: page.segment.blobItems.map(listedBlobOf),
        prefixes: (page.segment.blobPrefixes ?? []).map((blobPrefix) => blobPrefix.name),
      };
    }
  };
}

function listedBlobOf(item: BlobItem): ListedBlob {
  const md5 = item.properties.contentMD5;
  const metadata = item.metadata ?? {};
  return {
    name: item.name,
    size: item.properties.contentLength ?? 0,
    ...(md5 !== undefined && md5.length > 0 && { md5: Buffer.from(md5).toString('hex') }),
    metadata,
    isFolder: metadataValue(metadata, 'hdi_isfolder') === 'true',
  };
}

export function adlsEntryOf(blob: ListedBlob): AdlsEntry {
  const sourceVersionId = metadataValue(blob.metadata, SOURCE_VERSION_ID_METADATA);
  const sourceEtag = metadataValue(blob.metadata, SOURCE_ETAG_METADATA);
  return {
    key: blob.name,
    size: blob.size,
    ...(blob.md5 !== undefined && { md5: blob.md5 }),
    ...(sourceVersionId !== undefined && { sourceVersionId }),
    ...(sourceEtag !== undefined && { sourceEtag }),
  };
}

/** Azure keeps metadata names' case but matches them case-insensitively. */
function metadataValue(
  metadata: Readonly<Record<string, string>>,
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(metadata))
    if (key.toLowerCase() === lower) return value;
  return undefined;
}

/**
 * Writing a whole blob on a hierarchical-namespace account, shared by Put Blob, Put Block List
 * and Put Blob From URL: conditions first, then the namespace rules (a directory cannot be
 * replaced by a file, a file cannot have children), then the write, which also drops any
 * blocks still staged for that name.
 */
import type { AzureRequest } from '../azure-request';
import {
  ancestorsOf,
  newDirectory,
  newFile,
  trimSlashes,
  type Container,
  type ContentProperties,
  type Namespace,
  type PathEntry,
} from '../namespace';
import { checkWriteConditions } from './conditions';
import { pathConflict } from './errors';

export interface BlobWrite {
  readonly content: Buffer;
  readonly properties: ContentProperties;
  readonly metadata: Record<string, string>;
  readonly committedBlocks?: { readonly id: string; readonly size: number }[];
}

/** Checks whether the write may happen; callers that fetch data first check again at the end. */
export function checkBlobWrite(
  request: AzureRequest,
  container: Container,
  existing: PathEntry | undefined,
): void {
  checkWriteConditions(request, existing, true);
  if (existing?.kind === 'directory') throw pathConflict();
  const name = trimSlashes(request.path);
  if (ancestorsOf(name).some((ancestor) => container.entries.get(ancestor)?.kind === 'file'))
    throw pathConflict();
}

export function commitBlob(
  namespace: Namespace,
  request: AzureRequest,
  container: Container,
  write: BlobWrite,
  now: Date,
): PathEntry {
  const name = trimSlashes(request.path);
  const existing = namespace.entry(container, name);
  checkBlobWrite(request, container, existing);
  const created = newFile(name, now, write.content, write.properties, write.metadata);
  // An overwrite keeps the blob's creation time.
  const entry: PathEntry = existing ? { ...created, createdAt: existing.createdAt } : created;
  entry.committedBlocks = write.committedBlocks ? [...write.committedBlocks] : [];
  namespace.put(container, entry, now);
  return entry;
}

/** Put Blob with `hdi_isfolder=true`: how Blob clients create a directory on an HNS account. */
export function commitDirectory(
  namespace: Namespace,
  request: AzureRequest,
  container: Container,
  metadata: Record<string, string>,
  now: Date,
): PathEntry {
  const name = trimSlashes(request.path);
  const existing = namespace.entry(container, name);
  checkWriteConditions(request, existing, true);
  if (existing?.kind === 'file') throw pathConflict();
  const entry = newDirectory(name, now);
  entry.metadata = metadata;
  if (existing) {
    // Re-creating an existing directory keeps what is under it.
    existing.metadata = metadata;
    existing.etag = entry.etag;
    existing.lastModified = now;
    return existing;
  }
  namespace.put(container, entry, now);
  return entry;
}

/**
 * The storage account's contents with hierarchical-namespace (ADLS Gen2) semantics, shared by the
 * Blob and DFS endpoints: a container is a file system; every path's parent directories exist
 * (created implicitly); a file and a directory never share a name; renames are atomic.
 * Uncommitted data (staged blocks here, appended-but-unflushed bytes in dfs/staged-appends.ts)
 * is kept apart from what readers and listings see.
 */
import { randomBytes } from 'node:crypto';
import { AzureError } from './azure-error';
import { sharedBytes } from '../core/shared-bytes';

export type Api = 'blob' | 'dfs';

export interface ContentProperties {
  contentType?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  cacheControl?: string;
  /** Base64 MD5 of the whole content, when known (set by Put Blob, Put Block List or flush). */
  contentMd5?: string;
}

export interface PathEntry {
  readonly kind: 'file' | 'directory';
  /** Full path inside the container, no leading or trailing '/'. */
  name: string;
  etag: string;
  readonly createdAt: Date;
  lastModified: Date;
  metadata: Record<string, string>;
  properties: ContentProperties;
  /** Committed bytes; empty for directories. */
  content: Buffer;
  /** Committed block list (Put Block List), for Get Block List; empty for other writes. */
  committedBlocks: { readonly id: string; readonly size: number }[];
}

export interface Container {
  readonly name: string;
  readonly createdAt: Date;
  etag: string;
  lastModified: Date;
  metadata: Record<string, string>;
  readonly entries: Map<string, PathEntry>;
  /** Staged blocks per blob path (Put Block / Put Block From URL), invisible until committed. */
  readonly stagedBlocks: Map<string, Map<string, Buffer>>;
}

/** An Azure-style ETag: a quoted hex value that changes with every write. */
export function newEtag(): string {
  return `"0x8D${randomBytes(7).toString('hex').toUpperCase()}"`;
}

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** `a/b/c` → `['a', 'a/b']` */
export function ancestorsOf(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

export class Namespace {
  readonly containers = new Map<string, Container>();

  container(name: string, api: Api): Container {
    const found = this.containers.get(name);
    if (found) return found;
    throw api === 'dfs'
      ? new AzureError('FilesystemNotFound', 'The specified filesystem does not exist.', 404)
      : new AzureError('ContainerNotFound', 'The specified container does not exist.', 404);
  }

  createContainer(name: string, now: Date, metadata: Record<string, string>, api: Api): Container {
    if (this.containers.has(name)) {
      throw api === 'dfs'
        ? new AzureError('FilesystemAlreadyExists', 'The specified filesystem already exists.', 409)
        : new AzureError('ContainerAlreadyExists', 'The specified container already exists.', 409);
    }
    const container: Container = {
      name,
      createdAt: now,
      etag: newEtag(),
      lastModified: now,
      metadata,
      entries: new Map(),
      stagedBlocks: new Map(),
    };
    this.containers.set(name, container);
    return container;
  }

  entry(container: Container, path: string): PathEntry | undefined {
    return container.entries.get(trimSlashes(path));
  }

  /**
   * Creates any missing parent directories of `path`. A parent that is a file makes the path
   * impossible: 409 PathConflict on DFS, as on a hierarchical-namespace account's Blob endpoint.
   */
  ensureParents(container: Container, path: string, now: Date): void {
    for (const ancestor of ancestorsOf(trimSlashes(path))) {
      const existing = container.entries.get(ancestor);
      if (existing?.kind === 'file') {
        throw new AzureError(
          'PathConflict',
          'The specified path, or an element of the path, exists and its resource type is invalid for this operation.',
          409,
        );
      }
      if (!existing) container.entries.set(ancestor, newDirectory(ancestor, now));
    }
  }

  /** Writes a path (after its parents), replacing what was there; the caller checks conditions. */
  put(container: Container, entry: PathEntry, now: Date): void {
    this.ensureParents(container, entry.name, now);
    container.entries.set(entry.name, entry);
    container.stagedBlocks.delete(entry.name);
  }

  /** The entries strictly under a directory ('' = the whole container), in name order. */
  descendants(container: Container, directory: string): PathEntry[] {
    const prefix = directory === '' ? '' : `${trimSlashes(directory)}/`;
    return [...container.entries.values()]
      .filter((entry) => entry.name.startsWith(prefix) && entry.name !== directory)
      .sort((a, b) => compareNames(a.name, b.name));
  }

  /** Removes a path, and with `recursive` everything under a directory. */
  remove(container: Container, path: string, recursive: boolean): void {
    const name = trimSlashes(path);
    const entry = container.entries.get(name);
    if (!entry) throw pathNotFound();
    const children = entry.kind === 'directory' ? this.descendants(container, name) : [];
    if (children.length > 0 && !recursive) {
      throw new AzureError(
        'DirectoryNotEmpty',
        'The recursive query parameter value must be true to delete a non-empty directory.',
        409,
      );
    }
    for (const child of children) container.entries.delete(child.name);
    container.entries.delete(name);
    container.stagedBlocks.delete(name);
  }

  /**
   * Moves a file or a directory with everything under it, atomically: either every entry moves
   * or none does. The destination must not exist (callers apply overwrite rules first) and its
   * parent must.
   */
  rename(
    source: Container,
    sourcePath: string,
    target: Container,
    targetPath: string,
    now: Date,
  ): PathEntry {
    const from = trimSlashes(sourcePath);
    const to = trimSlashes(targetPath);
    const entry = source.entries.get(from);
    if (!entry)
      throw new AzureError(
        'SourcePathNotFound',
        'The source path for a rename operation does not exist.',
        404,
      );
    if (
      entry.kind === 'directory' &&
      source === target &&
      (to === from || to.startsWith(`${from}/`))
    ) {
      throw new AzureError(
        'InvalidDestinationPath',
        'The specified path, or an element of the path, cannot be located.',
        400,
      );
    }
    const parent = parentOf(to);
    if (parent !== '' && target.entries.get(parent)?.kind !== 'directory') {
      throw new AzureError(
        'RenameDestinationParentPathNotFound',
        'The parent directory of the destination path does not exist.',
        404,
      );
    }
    const moved = [entry, ...(entry.kind === 'directory' ? this.descendants(source, from) : [])];
    for (const item of moved) source.entries.delete(item.name);
    for (const item of moved) {
      item.name = to + item.name.slice(from.length);
      target.entries.set(item.name, item);
    }
    entry.lastModified = now;
    return entry;
  }

  reset(): void {
    this.containers.clear();
  }
}

export function newDirectory(name: string, now: Date): PathEntry {
  return {
    kind: 'directory',
    name,
    etag: newEtag(),
    createdAt: now,
    lastModified: now,
    metadata: {},
    properties: {},
    content: Buffer.alloc(0),
    committedBlocks: [],
  };
}

export function newFile(
  name: string,
  now: Date,
  content: Buffer,
  properties: ContentProperties = {},
  metadata: Record<string, string> = {},
): PathEntry {
  return {
    kind: 'file',
    name,
    etag: newEtag(),
    createdAt: now,
    lastModified: now,
    metadata,
    properties,
    content: sharedBytes(content),
    committedBlocks: [],
  };
}

export function pathNotFound(): AzureError {
  return new AzureError('PathNotFound', 'The specified path does not exist.', 404);
}

export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}

/** Listing order: by UTF-8 bytes, as the service lists. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

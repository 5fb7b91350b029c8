/**
 * An in-memory stand-in for List Blobs with delimiter `/` on a hierarchical-namespace account:
 * directories are implied by the files, each directory also appears as a folder blob, and the
 * page splits blobs from prefixes as the SDK does. `order` picks how siblings are sorted:
 * `name` as an HNS account lists (by name, so `a/` comes before `a-b`), `key` as a flat
 * namespace or localcloud does (by full key, so `a-b` comes before `a/`).
 */
import type { DirectoryLister, ListedBlob } from '../../../../scripts/reconcile/adls-walk';

export interface FakeListerOptions {
  readonly order: 'name' | 'key';
  readonly pageSize: number;
}

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function fakeLister(
  files: readonly string[],
  options: FakeListerOptions,
): DirectoryLister & { calls: string[] } {
  const directories = new Set<string>();
  for (const file of files) {
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++)
      directories.add(parts.slice(0, depth).join('/'));
  }
  const calls: string[] = [];
  const lister = async function* (prefix: string) {
    calls.push(prefix);
    const children = new Map<string, { name: string; directory: boolean }>();
    for (const path of [...files, ...directories]) {
      if (!path.startsWith(prefix)) continue;
      const cut = path.indexOf('/', prefix.length);
      if (cut === -1) {
        children.set(`blob:${path}`, { name: path, directory: false });
      } else {
        const name = path.slice(0, cut);
        children.set(`prefix:${name}`, { name, directory: true });
      }
    }
    const sorted = [...children.values()].sort((a, b) =>
      options.order === 'name'
        ? bytes(a.name, b.name) || Number(a.directory) - Number(b.directory)
        : bytes(a.directory ? `${a.name}/` : a.name, b.directory ? `${b.name}/` : b.name),
    );
    for (let start = 0; start < sorted.length; start += options.pageSize) {
      const page = sorted.slice(start, start + options.pageSize);
      await Promise.resolve();
      yield {
        blobs: page
          .filter((child) => !child.directory)
          .map((child) => blobOf(child.name, directories)),
        prefixes: page.filter((child) => child.directory).map((child) => `${child.name}/`),
      };
    }
  };
  return Object.assign(lister, { calls });
}

function blobOf(name: string, directories: ReadonlySet<string>): ListedBlob {
  const isFolder = directories.has(name);
  return {
    name,
    size: isFolder ? 0 : name.length,
    metadata: isFolder ? { hdi_isfolder: 'true' } : {},
    isFolder,
  };
}

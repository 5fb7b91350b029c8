/**
 * The ADLS side in UTF-8 byte order of full paths, in bounded memory, whatever order the service
 * lists in.
 *
 * A hierarchical-namespace account lists depth-first: a directory's subtree comes right after
 * its name, so `a/x` precedes `a-b` although `-` (0x2D) sorts before `/` (0x2F) in S3's order.
 * Reordering a recursive listing would mean holding a whole subtree. Instead each directory is
 * listed on its own (delimiter `/`), and a child directory `d` is held back ("pending") until
 * its siblings pass `d/`, then its subtree is walked in place. Siblings between `d` and `d/` all
 * start with `d` followed by a byte below `/`, so pending directories form a chain of prefixes
 * of one name: the memory is one page per level of depth plus that short chain.
 * It works for listings in name order (HNS) and in full-key order (flat namespaces, localcloud).
 */
import { compareKeys } from './keys';

/** One blob of a directory listing, as the reconciliation needs it. */
export interface ListedBlob {
  readonly name: string;
  readonly size: number;
  /** Hex Content-MD5, when set. */
  readonly md5?: string;
  readonly metadata: Readonly<Record<string, string>>;
  /** A directory's own blob on an HNS account (`hdi_isfolder=true`). */
  readonly isFolder: boolean;
}

/** One page of a delimiter listing: blobs, and child prefixes ending in `/`. */
export interface DirectoryPage {
  readonly blobs: readonly ListedBlob[];
  readonly prefixes: readonly string[];
}

/** Lists the names starting with `prefix` one level deep (delimiter `/`), page by page. */
export type DirectoryLister = (prefix: string) => AsyncIterable<DirectoryPage>;

export interface WalkScope {
  /** Only names starting with this. @default '' (the whole file system) */
  readonly prefix?: string;
  /** Name prefixes to leave out entirely, e.g. the transfer's staging area. */
  readonly exclude?: readonly string[];
}

/** High-water marks of a walk, which tests use to prove memory stays bounded. */
export interface WalkStats {
  maxPending: number;
  maxDepth: number;
  directoriesListed: number;
}

type Item =
  | { readonly kind: 'file'; readonly sortKey: string; readonly blob: ListedBlob }
  | { readonly kind: 'directory'; readonly sortKey: string };

/** Every file in scope (no directories), ascending by `compareKeys` of the full name. */
export function walkFiles(
  list: DirectoryLister,
  scope: WalkScope = {},
  stats: WalkStats = { maxPending: 0, maxDepth: 0, directoriesListed: 0 },
): AsyncGenerator<ListedBlob> {
  const prefix = scope.prefix ?? '';
  const exclude = scope.exclude ?? [];
  const excluded = (name: string) =>
    exclude.some((excludedPrefix) => name.startsWith(excludedPrefix));

  async function* walk(listingPrefix: string, depth: number): AsyncGenerator<ListedBlob> {
    stats.directoriesListed++;
    stats.maxDepth = Math.max(stats.maxDepth, depth);
    const pending: string[] = []; // child prefixes, ascending
    let lastDirectory: string | undefined;
    for await (const page of list(listingPrefix)) {
      for (const item of itemsOf(page, excluded)) {
        // Names arrive in ascending name or key order, so nothing still to come sorts before
        // this name: every pending directory below it can be walked now.
        const name = item.kind === 'file' ? item.sortKey : item.sortKey.slice(0, -1);
        while (pending[0] !== undefined && compareKeys(pending[0], name) < 0) {
          yield* walk(pending.shift() ?? '', depth + 1);
        }
        if (item.kind === 'file') {
          yield item.blob;
        } else if (item.sortKey !== lastDirectory) {
          lastDirectory = item.sortKey;
          insertSorted(pending, item.sortKey);
          stats.maxPending = Math.max(stats.maxPending, pending.length);
        }
      }
    }
    while (pending.length > 0) yield* walk(pending.shift() ?? '', depth + 1);
  }

  return walk(prefix, 0);
}

/** The page's files and directories in key order (the SDK returns the two kinds apart). */
function itemsOf(page: DirectoryPage, excluded: (name: string) => boolean): Item[] {
  const items: Item[] = [];
  for (const blob of page.blobs) {
    if (!blob.isFolder && !excluded(blob.name))
      items.push({ kind: 'file', sortKey: blob.name, blob });
  }
  for (const prefix of page.prefixes) {
    if (!excluded(prefix)) items.push({ kind: 'directory', sortKey: prefix });
  }
  return items.sort((a, b) => compareKeys(a.sortKey, b.sortKey));
}

function insertSorted(list: string[], value: string): void {
  let index = list.length;
  while (index > 0 && compareKeys(list[index - 1] ?? '', value) > 0) index--;
  list.splice(index, 0, value);
}

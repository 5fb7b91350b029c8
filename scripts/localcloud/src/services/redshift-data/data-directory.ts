/**
 * Where each embedded PostgreSQL keeps its files: a directory of its own on disk, copied from a
 * template cluster made once.
 *
 * Why on disk: PGlite's default in-memory file system holds every table file in the process's
 * memory, and grows a file by copying it whole, so a COPY gets slower the larger its table
 * (measured: a million rows in 80,000-row batches took 59 s in memory, 5.9 s on disk). On disk,
 * table files live in the operating system's page cache instead of the process.
 *
 * Why a template: `initdb` costs about 4 s and leaves some 400 MiB of WebAssembly memory that
 * is never given back. A cluster made once, in a worker that then exits, and copied (39 MiB,
 * well under a second) for each database, starts in about 1 s at a third of the memory.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** PGlite's package folder (its entry point is in dist/), to name the template after its version. */
const PGLITE_PACKAGE = join(dirname(require.resolve('@electric-sql/pglite')), '..');
const PGLITE_VERSION = (
  JSON.parse(readFileSync(join(PGLITE_PACKAGE, 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * Templates live next to the installed engine (node_modules/.cache), so a reinstall of another
 * version makes a new one and `rm -rf node_modules` clears them.
 */
const TEMPLATE_ROOT = join(PGLITE_PACKAGE, '..', '..', '.cache', 'hybrid-lake-warehouse');
const TEMPLATE = join(TEMPLATE_ROOT, `pglite-${PGLITE_VERSION}`);

/** Databases' own directories: `<prefix><pid>-<random>`, so a dead process's can be found. */
const DATA_PREFIX = 'hybrid-lake-pgdata-';

/** The template directory appears only by renaming a finished cluster into place. */
const CLUSTER_MARKER = 'PG_VERSION';

/** Makes a cluster in `directory` (an empty directory); resolves once the cluster is closed. */
export type ClusterMaker = (directory: string) => Promise<void>;

let templateReady: Promise<string> | undefined;

/**
 * The template cluster's path, made with `makeCluster` if this installation has none yet. Two
 * processes may make one at once: each builds in a directory of its own and renames it into
 * place; the loser's copy is removed.
 */
export function templateCluster(makeCluster: ClusterMaker): Promise<string> {
  templateReady ??= (async () => {
    if (existsSync(join(TEMPLATE, CLUSTER_MARKER))) return TEMPLATE;
    mkdirSync(TEMPLATE_ROOT, { recursive: true });
    const building = mkdtempSync(join(TEMPLATE_ROOT, `building-${process.pid}-`));
    try {
      await makeCluster(building);
      try {
        renameSync(building, TEMPLATE);
      } catch (error) {
        // Another process finished first; its template is as good as ours.
        if (!existsSync(join(TEMPLATE, CLUSTER_MARKER))) throw error;
      }
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
    return TEMPLATE;
  })();
  templateReady.catch(() => {
    templateReady = undefined; // a failed attempt is retried by the next database
  });
  return templateReady;
}

const owned = new Set<string>();
let exitHookInstalled = false;
/** Whether this process has looked for directories other processes left behind. */
let swept = false;

/**
 * A fresh copy of `template` for one database; removed by `removeDataDirectory` or at process
 * exit (a plain Node process; jest's sandboxed `process` never reports its exit, so tests rely on
 * localcloud's stop() and on the next process's sweep).
 */
export function newDataDirectory(template: string): string {
  if (!swept) {
    swept = true;
    removeAbandonedDataDirectories();
  }
  const directory = mkdtempSync(join(tmpdir(), `${DATA_PREFIX}${process.pid}-`));
  try {
    cpSync(template, directory, { recursive: true });
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  owned.add(directory);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A database nobody closed (a process that just ends) still leaves nothing behind.
    process.once('exit', removeOwned);
  }
  return directory;
}

export function removeDataDirectory(directory: string): void {
  owned.delete(directory);
  rmSync(directory, { recursive: true, force: true });
}

function removeOwned(): void {
  for (const directory of owned) rmSync(directory, { recursive: true, force: true });
  owned.clear();
}

/**
 * Removes directories left by processes that are gone (killed before their exit handler ran):
 * a database's files are only ever used by the process that made them. Runs before a process's
 * first database.
 */
export function removeAbandonedDataDirectories(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(DATA_PREFIX)) continue;
    const pid = Number(name.slice(DATA_PREFIX.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
    } catch {
      // Another user's (a shared /tmp): not ours to remove, and no reason not to start.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

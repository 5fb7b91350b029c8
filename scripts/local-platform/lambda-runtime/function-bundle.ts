/**
 * A container runs its handler as the CDK deploys it: one file bundled by esbuild (minified,
 * source-mapped, the AWS SDK inside), loaded by plain Node. Running the TypeScript sources
 * through a loader instead costs seconds of compilation on every cold start, which would make
 * every local cold start several times slower than a deployed one.
 *
 * Bundles are kept in node_modules/.cache/hybrid-lake-functions, each with the list of files it
 * was built from (size and modification time): a bundle is rebuilt only when one of them
 * changed, so a run or a test file seldom pays for a build. Dependencies count as one file, the
 * lockfile npm rewrites on every install (thousands of files under node_modules would otherwise
 * be checked by every process), and so do tsconfig.json and the base it extends (esbuild reads
 * them). Within a process each handler is checked once; an edit is picked up by the next process.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build, stop, version as esbuildVersion, type BuildOptions } from 'esbuild';
import { REPOSITORY_ROOT } from '../../shared/repository-root';

export const CACHE_DIRECTORY = join(
  REPOSITORY_ROOT,
  'node_modules',
  '.cache',
  'hybrid-lake-functions',
);

/** The program a container runs, as JavaScript. */
const CONTAINER_ENTRY_SOURCE = join(__dirname, 'container-entry.ts');

/** As PlatformFunction bundles (infra/aws/constructs/platform-function.ts), for the local Node. */
const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  // The local runtime's Node (20) instead of the deployed runtime's 22: the output runs here.
  target: 'node20',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'silent',
} as const satisfies BuildOptions;

/** A handler could not be bundled (a syntax error, an import that does not resolve). */
export class FunctionBundleError extends Error {
  override readonly name = 'FunctionBundleError';
}

/** A file the bundle was built from, as it was then. */
type InputStamp = readonly [path: string, size: number, modifiedMs: number];

const BUNDLE_FILE = 'index.js';
const INPUTS_FILE = 'inputs.json';

const checked = new Map<string, Promise<string>>();

function stamp(path: string): InputStamp | undefined {
  try {
    const stats = statSync(path);
    return [path, stats.size, stats.mtimeMs];
  } catch {
    return undefined;
  }
}

/** The cached bundle's path when every file it was built from is unchanged. */
function cachedBundle(directory: string): string | undefined {
  try {
    const inputs = JSON.parse(readFileSync(join(directory, INPUTS_FILE), 'utf8')) as InputStamp[];
    const fresh = inputs.every(([path, size, modifiedMs]) => {
      const now = stamp(path);
      return now !== undefined && now[1] === size && now[2] === modifiedMs;
    });
    return fresh ? join(directory, BUNDLE_FILE) : undefined;
  } catch {
    return undefined; // no entry yet, or one left half-written by a killed build
  }
}

/** Files a bundle depends on besides its sources: the installed dependencies, the compiler options. */
const SETTINGS_FILES = [
  'node_modules/.package-lock.json',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.base.json',
];

async function buildInto(source: string, directory: string): Promise<void> {
  const started = Date.now();
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [source],
    outfile: join(directory, BUNDLE_FILE),
    absWorkingDir: REPOSITORY_ROOT,
    metafile: true,
  });
  const inputs = [
    ...Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('node_modules/')),
    ...SETTINGS_FILES,
  ]
    .map((path) => stamp(join(REPOSITORY_ROOT, path)))
    .filter((entry): entry is InputStamp => entry !== undefined);
  // A file saved while the build ran may not be in the bundle: without the list, the next check
  // builds again instead of trusting a bundle older than its sources.
  if (inputs.some(([, , modifiedMs]) => modifiedMs > started)) return;
  writeFileSync(join(directory, INPUTS_FILE), JSON.stringify(inputs));
}

async function bundle(source: string): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify({ esbuildVersion, BUNDLE_OPTIONS, source }))
    .digest('hex')
    .slice(0, 16);
  // Named after the handler's folder and file, so stack traces and logs stay readable.
  const name = `${basename(dirname(source))}-${basename(source, '.ts')}-${key}`;
  const directory = join(CACHE_DIRECTORY, name);
  const cached = cachedBundle(directory);
  if (cached) return cached;

  // Built aside and moved into place, so a concurrent run never loads a half-written bundle.
  const staging = join(CACHE_DIRECTORY, `${name}.${randomUUID()}`);
  mkdirSync(staging, { recursive: true });
  try {
    await buildInto(source, staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new FunctionBundleError(`could not bundle ${source}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const stale = `${directory}.stale.${randomUUID()}`;
  try {
    renameSync(directory, stale);
  } catch {
    // nothing cached yet
  }
  try {
    renameSync(staging, directory);
  } catch {
    // Another process moved its build in first: built from the same files, it serves as well.
    rmSync(staging, { recursive: true, force: true });
  }
  rmSync(stale, { recursive: true, force: true });
  return join(directory, BUNDLE_FILE);
}

/** The bundled file of a handler module (a TypeScript source), built when missing or stale. */
export function bundledHandler(handlerModule: string): Promise<string> {
  let bundled = checked.get(handlerModule);
  if (!bundled) {
    bundled = bundle(handlerModule);
    checked.set(handlerModule, bundled);
    // A failed build is not remembered: the next cold start tries again.
    bundled.catch(() => checked.delete(handlerModule));
  }
  return bundled;
}

/** The container program, bundled like a handler. */
export function bundledContainerEntry(): Promise<string> {
  return bundledHandler(CONTAINER_ENTRY_SOURCE);
}

/**
 * Bundles every handler now, so no cold start waits for a build, then stops esbuild's service
 * process: it holds hundreds of MiB after bundling the AWS SDK, for the rest of the run.
 * A handler that does not bundle is left to fail its invocations (Runtime.ImportModuleError).
 */
export async function bundleAll(handlerModules: readonly string[]): Promise<void> {
  await Promise.allSettled([bundledContainerEntry(), ...handlerModules.map(bundledHandler)]);
  await stop();
}

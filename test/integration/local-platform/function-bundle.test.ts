import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import type * as FunctionBundle from '../../../scripts/local-platform/lambda-runtime/function-bundle';

import { CACHE_DIRECTORY as CACHE } from '../../../scripts/local-platform/lambda-runtime/function-bundle';

type BundleModule = typeof FunctionBundle;

/** A fresh copy of the module: its per-process memory of checked bundles starts empty. */
function freshBundler(): BundleModule {
  let loaded: BundleModule | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<BundleModule>(
      '../../../scripts/local-platform/lambda-runtime/function-bundle',
    );
  });
  return loaded!;
}

const runHandler = (bundle: string): string =>
  execFileSync(
    process.execPath,
    ['-e', `require(${JSON.stringify(bundle)}).handler().then((v) => process.stdout.write(v))`],
    { encoding: 'utf8' },
  );

describe('function bundles', () => {
  let directory: string;
  let handler: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'bundle-test-'));
    handler = join(directory, 'handler.ts');
    writeFileSync(join(directory, 'answer.ts'), 'export const answer: string = "first";\n');
    writeFileSync(
      handler,
      'import { answer } from "./answer";\nexport const handler = async (): Promise<string> => answer;\n',
    );
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
    // The cache entries of this test's throwaway handler are named after its folder.
    for (const entry of existsSync(CACHE) ? readdirSync(CACHE) : [])
      if (entry.startsWith(basename(directory))) rmSync(join(CACHE, entry), { recursive: true });
  });

  it('bundles a handler into one file plain Node runs, and reuses it while nothing changed', async () => {
    const bundle = await freshBundler().bundledHandler(handler);
    expect(runHandler(bundle)).toBe('first');
    const builtAt = statSync(bundle).mtimeMs;

    const again = await freshBundler().bundledHandler(handler);
    expect(again).toBe(bundle);
    expect(statSync(again).mtimeMs).toBe(builtAt);
  });

  it('rebuilds when a file the bundle was built from changes', async () => {
    await freshBundler().bundledHandler(handler);
    writeFileSync(join(directory, 'answer.ts'), 'export const answer: string = "second";\n');
    // A different size and time, as an editor's save gives.
    utimesSync(join(directory, 'answer.ts'), new Date(), new Date(Date.now() + 5_000));
    expect(runHandler(await freshBundler().bundledHandler(handler))).toBe('second');
  });

  it('fails with FunctionBundleError when an import does not resolve', async () => {
    writeFileSync(
      handler,
      'import { nothing } from "./missing";\nexport const handler = nothing;\n',
    );
    const bundler = freshBundler();
    await expect(bundler.bundledHandler(handler)).rejects.toThrow(bundler.FunctionBundleError);
    await expect(bundler.bundledHandler(handler)).rejects.toThrow(/could not bundle .*handler\.ts/);
  });
});

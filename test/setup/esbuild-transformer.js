// @ts-check
/**
 * Jest transform for the project's TypeScript: esbuild strips the types and emits CommonJS with
 * a source map, file by file. That is all jest needs, because tsconfig sets `isolatedModules`
 * (each file compiles alone) and `npm run typecheck` reports type errors once for the whole
 * tree. ts-jest did the same through TypeScript's own `transpileModule`, several times slower
 * per file and with TypeScript loaded into every jest worker; on a cold cache (every CI run)
 * that was most of the transform time. Unlike ts-jest and babel-jest it does not hoist
 * `jest.mock` calls above the imports, so ESLint refuses `jest.mock` in tests. Plain JavaScript,
 * because jest loads its transformers without transforming them.
 */
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const esbuild = require('esbuild');

/**
 * Emits what `tsc` emits for tsconfig.json (`module: commonjs`, ES2022): class fields with define
 * semantics, `esModuleInterop`-style default imports of CommonJS modules, and `import()` turned
 * into `require()` (jest's module registry cannot load native dynamic imports without
 * `--experimental-vm-modules`).
 */
const TRANSFORM_OPTIONS = /** @type {const} */ ({
  loader: 'ts',
  format: 'cjs',
  target: 'node20',
  platform: 'node',
  sourcemap: 'external',
  supported: { 'dynamic-import': false },
  tsconfigRaw: { compilerOptions: { target: 'ES2022', useDefineForClassFields: true } },
});

/** Changes whenever this file or esbuild does, so jest's cache never serves stale output. */
const TRANSFORMER_FINGERPRINT = createHash('sha256')
  .update(readFileSync(__filename))
  .update(esbuild.version)
  .digest('hex');

/** @type {import('@jest/transform').SyncTransformer} */
module.exports = {
  canInstrument: false,
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256')
      .update(TRANSFORMER_FINGERPRINT)
      .update('\0')
      .update(sourcePath)
      .update('\0')
      .update(sourceText)
      .digest('hex');
  },
  process(sourceText, sourcePath) {
    const { code, map } = esbuild.transformSync(sourceText, {
      ...TRANSFORM_OPTIONS,
      sourcefile: sourcePath,
    });
    return { code, map };
  },
};

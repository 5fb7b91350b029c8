/**
 * Whether a workspace package imports only what its own package.json declares (`npm run lint`
 * runs this through cli.ts). npm hoists every workspace's dependencies into the root
 * node_modules, so an undeclared import still resolves here and would only fail for someone who
 * installs the package alone; this check makes the declaration the package's contract.
 * Its sources (`src/`) may use `dependencies`; its tests also `devDependencies`.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { trackedFiles } from './tracked-files';

export interface UndeclaredImport {
  /** Repository-relative path of the importing file. */
  readonly file: string;
  readonly packageName: string;
}

/** The package a bare specifier loads: `@scope/name` or `name`, without any subpath. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(packageNameOf(specifier));
}

interface PackageManifest {
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

/**
 * The imports of `files` (repository-relative, inside `packageFolder`) that name a package the
 * manifest at `packageFolder/package.json` does not declare.
 */
export function undeclaredImports(
  root: string,
  packageFolder: string,
  files: readonly string[],
): UndeclaredImport[] {
  const manifest = JSON.parse(
    readFileSync(join(root, packageFolder, 'package.json'), 'utf8'),
  ) as PackageManifest;
  const runtime = new Set(Object.keys(manifest.dependencies ?? {}));
  const development = new Set([...runtime, ...Object.keys(manifest.devDependencies ?? {})]);
  const found: UndeclaredImport[] = [];
  for (const file of files) {
    const inPackage = relative(packageFolder, file);
    if (inPackage.startsWith('..')) continue;
    const allowed = inPackage.startsWith('src/') ? runtime : development;
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    for (const { fileName: specifier } of importedFiles) {
      if (specifier.startsWith('.') || isBuiltin(specifier)) continue;
      const packageName = packageNameOf(specifier);
      if (!allowed.has(packageName)) found.push({ file, packageName });
    }
  }
  return found;
}

/**
 * The package's TypeScript and JavaScript files, tracked or new (not ignored), repository-relative:
 * JavaScript too, because a worker script loaded by path imports packages as much as a module.
 */
export function packageSources(root: string, packageFolder: string): string[] {
  return trackedFiles(root, [`${packageFolder}/*.ts`, `${packageFolder}/*.js`]);
}

/**
 * `npm run lint`'s last step: fails, naming the modules, on any cycle of relative imports, and on
 * any import of a workspace package (package.json `workspaces`) that its own package.json does
 * not declare.
 */
import '../shared/aws-sdk-node-notice';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../shared/repository-root';
import { findImportCycles, importGraphOf, trackedTypeScript } from './import-cycles';
import { packageSources, undeclaredImports } from './package-dependencies';

const files = trackedTypeScript(REPOSITORY_ROOT);

const cycles = findImportCycles(importGraphOf(REPOSITORY_ROOT, files));
for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' ↔ ')}`);
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s): move what both need into a module of its own`);
  process.exitCode = 1;
} else console.log('no import cycles');

const { workspaces } = JSON.parse(readFileSync(join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
  workspaces: string[];
};
for (const folder of workspaces) {
  const undeclared = undeclaredImports(
    REPOSITORY_ROOT,
    folder,
    packageSources(REPOSITORY_ROOT, folder),
  );
  for (const { file, packageName } of undeclared)
    console.error(`${file}: imports ${packageName}, which ${folder}/package.json does not declare`);
  if (undeclared.length > 0) process.exitCode = 1;
  else console.log(`${folder}: every import declared`);
}

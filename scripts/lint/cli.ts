/** `npm run lint`'s last step: fails, naming the modules, on any cycle of relative imports. */
import '../shared/aws-sdk-node-notice';
import { REPOSITORY_ROOT } from '../shared/repository-root';
import { findImportCycles, importGraphOf, trackedTypeScript } from './import-cycles';

const cycles = findImportCycles(importGraphOf(REPOSITORY_ROOT, trackedTypeScript(REPOSITORY_ROOT)));
for (const cycle of cycles) console.error(`import cycle: ${cycle.join(' ↔ ')}`);
if (cycles.length > 0) {
  console.error(`${cycles.length} import cycle(s): move what both need into a module of its own`);
  process.exitCode = 1;
} else console.log('no import cycles');

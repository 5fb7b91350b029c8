/** Where the platform's functions live, read by the constructs and the local deployment. */
import { join } from 'node:path';

/** The repository root: esbuild resolves the handler's imports and the lock file from here. */
export const PROJECT_ROOT = join(__dirname, '..', '..', '..');

/** `lambdas/<name>/handler.ts`: where every platform function keeps its handler (exporting `handler`). */
export function lambdaHandlerEntry(name: string): string {
  return join(PROJECT_ROOT, 'lambdas', name, 'handler.ts');
}

/**
 * Finds an executable the way a shell does, without starting one: the first directory of PATH
 * that holds an executable file of that name (with Windows' extensions on Windows).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The executable `command` on PATH, or undefined. */
export function findOnPath(
  command: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const extensions = platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const directory of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = join(directory, `${command}${extension}`);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // Not here; keep looking.
      }
    }
  }
  return undefined;
}

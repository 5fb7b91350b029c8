/** The files the lint checks read: tracked or new (not ignored), and present in the work tree. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Repository-relative paths matching any of git's `pathspecs`, declaration files left out. */
export function trackedFiles(root: string, pathspecs: readonly string[]): string[] {
  return execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...pathspecs],
    { cwd: root, encoding: 'utf8' },
  )
    .split('\n')
    .filter((file) => file !== '' && !file.endsWith('.d.ts') && existsSync(join(root, file)));
}

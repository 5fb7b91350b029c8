import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';

/** The repository's `sql/`: migrations, loads, transforms and queries of the warehouse. */
export const SQL_SOURCE_DIRECTORY = resolve(__dirname, '../../../sql');

/** The folders of `sql/` a function may carry in its bundle. */
export type SqlFolder = 'migrations' | 'loads' | 'transforms';

/**
 * Where the bundled SQL is at run time: Lambda unpacks the bundle into `/var/task`
 * (`LAMBDA_TASK_ROOT`), and the hooks below put the folders under `sql/` beside `index.js`.
 */
export const BUNDLED_SQL_DIRECTORY = '/var/task/sql';

/** A SQL folder a function needs is missing, or the folder cannot be bundled. */
export class WarehouseSqlError extends Error {
  override readonly name = 'WarehouseSqlError';
}

/**
 * sha256 over the names and bytes of every `.sql` file of `directory`, in name order. A new,
 * edited, renamed or removed migration changes it, which is how a deploy learns that the
 * migrations custom resource must run again.
 */
export function sqlFingerprint(directory: string): string {
  const hash = createHash('sha256');
  for (const name of sqlFiles(directory)) {
    hash.update(name).update('\0');
    hash.update(readFileSync(join(directory, name))).update('\0');
  }
  return hash.digest('hex');
}

function sqlFiles(directory: string): string[] {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new WarehouseSqlError(`the SQL folder ${directory} is missing`);
  }
  return readdirSync(directory)
    .filter((name) => name.endsWith('.sql'))
    .sort();
}

/**
 * esbuild hooks that copy `folders` of `sqlRoot` into the bundle under `sql/`, so the handler
 * reads exactly the SQL it was deployed with. The folders are checked when the hooks are made:
 * a synth that bundles fails at once instead of deploying a function without its SQL.
 */
export function bundleSqlFolders(
  sqlRoot: string,
  folders: readonly SqlFolder[],
): nodejs.ICommandHooks {
  for (const folder of folders) {
    const path = join(sqlRoot, folder);
    sqlFiles(path);
    if (/["$`\\]/.test(path)) {
      throw new WarehouseSqlError(`cannot quote ${path} for the bundling shell`);
    }
  }
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [
      `mkdir -p "${outputDir}/sql"`,
      ...folders.map((folder) => `cp -R "${join(sqlRoot, folder)}" "${outputDir}/sql/${folder}"`),
    ],
  };
}

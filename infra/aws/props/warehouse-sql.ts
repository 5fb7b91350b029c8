import { join } from 'node:path';
import type { aws_lambda_nodejs as nodejs } from 'aws-cdk-lib';
import { WarehouseSqlError, sqlFiles, type SqlFolder } from '../facts/warehouse';

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

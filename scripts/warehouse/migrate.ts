/**
 * `npm run migrate [-- --workgroup <name> --database <name> --endpoint <url|aws> --env <env>
 *   --secret-arn <arn>]`:
 * applies the pending migrations of sql/migrations and prints what it applied.
 */
import '../shared/aws-sdk-node-notice';
import { join } from 'node:path';
import { loadMigrations, migrate } from '../../lambdas/shared/warehouse/migrations';
import { parseMigrateArgs } from './args';
import { runWarehouseCli } from './cli';
import { connect } from './connection';

const USAGE =
  'usage: npm run migrate [-- --workgroup <name>] [--database <name>] [--endpoint <url|aws>] [--env <env>] [--sql-dir <dir>] [--secret-arn <arn>]';

runWarehouseCli('migrate', USAGE, parseMigrateArgs, async (args) => {
  const { session, target, endpoint, sqlDirectory } = connect(args);
  const migrations = loadMigrations(join(sqlDirectory, 'migrations'));
  const identity = target.secretArn === undefined ? 'own identity' : 'the given secret';
  console.log(
    `Migrating ${target.workgroupName}/${target.database} at ${endpoint} as ${identity}: ${migrations.length} migration(s) on disk`,
  );
  const report = await migrate(session, migrations);
  for (const applied of report.applied) console.log(`  applied ${applied}`);
  console.log(
    `${report.applied.length} applied, ${report.alreadyApplied} already applied; latest version ${report.latestVersion ?? 'none'}`,
  );
});

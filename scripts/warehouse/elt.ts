/**
 * `npm run elt -- --day YYYY-MM-DD [--from YYYY-MM-DD]`: runs sql/loads then sql/transforms for
 * one day, or for the range from `--from` to `--day` (at most 90 days) in one run. Local
 * defaults: JSON files (what the local lake holds) from the local clean and curated buckets.
 */
import '../shared/aws-sdk-node-notice';
import { COPY_FORMAT_CLAUSES, runElt } from '../../lambdas/shared/warehouse/elt';
import { parseEltArgs } from './args';
import { runWarehouseCli } from './cli';
import { LOCAL_ACCOUNT, connect, localBucket } from './connection';

const USAGE =
  'usage: npm run elt -- --day YYYY-MM-DD [--from YYYY-MM-DD] [--format json|parquet] [--clean-bucket <b>] [--curated-bucket <b>] [--copy-role-arn <arn>]\n' +
  '                      [--workgroup <name>] [--database <name>] [--endpoint <url|aws>] [--env <env>] [--sql-dir <dir>]';

runWarehouseCli('elt', USAGE, parseEltArgs, async (args) => {
  const { session, platform, target, sqlDirectory } = connect(args);
  const variables = {
    CLEAN_BUCKET: args.cleanBucket ?? localBucket(platform, 'clean'),
    CURATED_BUCKET: args.curatedBucket ?? localBucket(platform, 'curated'),
    // Accepted and ignored by the local COPY; in AWS pass the workgroup's COPY role.
    COPY_ROLE_ARN: args.copyRoleArn ?? `arn:aws:iam::${LOCAL_ACCOUNT}:role/warehouse-copy`,
    COPY_FORMAT: COPY_FORMAT_CLAUSES[args.format],
  };
  const fromDay = args.from ?? args.day;
  const days = fromDay === args.day ? args.day : `${fromDay} to ${args.day}`;
  console.log(`ELT for ${days} on ${target.workgroupName}/${target.database}`);
  const report = await runElt(session, { sqlDirectory, day: args.day, fromDay, variables });
  for (const file of report.files) {
    const detail = file.status === 'skipped' ? ` (${file.reason ?? 'skipped'})` : '';
    console.log(
      `  ${file.status.padEnd(7)} ${file.file}: ${file.rowsAffected} rows in ${file.durationMs} ms${detail}`,
    );
  }
  console.log(
    `${report.ran.length} ran, ${report.skipped.length} skipped, ${report.rowsAffected} rows affected`,
  );
});

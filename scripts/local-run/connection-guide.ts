/**
 * What `npm start -- --keep` prints: how to point the AWS CLI and SDKs, and Azure Storage
 * Explorer or the Azure SDKs, at the localcloud that is still running. The credentials are
 * localcloud's fixed test values and the Azurite-style development account, never real ones.
 */
import type { LocalDeployment } from '../local-platform/deployment';
import type { LocalCloud } from '@hybrid-lake/localcloud';

export function connectionGuide(cloud: LocalCloud, deployment: LocalDeployment): string {
  const env = Object.entries(cloud.env)
    .filter(([name]) => name.startsWith('AWS_'))
    .map(([name, value]) => `  export ${name}=${value}`);
  const buckets = Object.entries(deployment.buckets).map(
    ([zone, bucket]) => `  ${zone.padEnd(8)} s3://${bucket}`,
  );
  return [
    'localcloud is still running (Ctrl-C stops it).',
    '',
    'AWS CLI and SDKs — export these in another shell:',
    ...env,
    '  aws s3 ls                                  # the zone buckets',
    `  aws s3 ls s3://${deployment.buckets.raw}/ --recursive | head`,
    `  aws glue get-partitions --database-name ${deployment.catalogTables[0]?.database ?? '<db>'} --table-name ${deployment.catalogTables[0]?.table ?? '<table>'}`,
    `  aws redshift-data execute-statement --workgroup-name ${deployment.warehouse.workgroupName} --database ${deployment.warehouse.database} --sql "SELECT COUNT(*) FROM dw.fact_web_request"`,
    '  npm run query -- peak_hours               # any of sql/queries, through the Data API',
    `  npm run reconcile -- --zone raw --account-url ${cloud.azure.endpoint}`,
    '',
    ...buckets,
    '',
    'Azure Storage Explorer: Connect → Local storage emulator (or "Storage account or service" →',
    'Connection string), with this connection string:',
    `  ${cloud.azure.connectionString}`,
    `Azure SDKs: export AZURE_STORAGE_CONNECTION_STRING='${cloud.azure.connectionString}'`,
    `ADLS file systems: ${deployment.fileSystems.join(', ')} (account ${cloud.azure.accountName}, blob and dfs at ${cloud.azure.endpoint})`,
    '',
    'The Lambda functions keep running: upload an object into a zone bucket and watch it appear in',
    'ADLS and in the catalog. Function logs are in the report folder under logs/.',
  ].join('\n');
}

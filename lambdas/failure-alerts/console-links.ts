/**
 * Links into the AWS console for the region an event came from, so an alert opens the failed
 * run, alarm or function in one click. The console host depends on the partition.
 */

function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return 'console.amazonaws-us-gov.com';
  return `${region}.console.aws.amazon.com`;
}

function consoleUrl(region: string, service: string, fragment: string): string {
  return `https://${consoleHost(region)}/${service}/home?region=${region}#${fragment}`;
}

const segment = (value: string): string => encodeURIComponent(value);

export function glueJobRunsUrl(region: string, jobName: string): string {
  return consoleUrl(region, 'gluestudio', `/editor/job/${segment(jobName)}/runs`);
}

export function glueTableUrl(region: string, database: string, table: string): string {
  return consoleUrl(
    region,
    'glue',
    `/v2/data-catalog/tables/view/${segment(table)}?database=${segment(database)}`,
  );
}

/** Serverless workgroups and provisioned clusters live on different console pages. */
export function redshiftUrl(region: string, target: RedshiftTarget): string {
  if (target.kind === 'workgroup')
    return consoleUrl(
      region,
      'redshiftv2',
      `serverless-workgroup?workgroup=${segment(target.name)}`,
    );
  if (target.kind === 'cluster')
    return consoleUrl(region, 'redshiftv2', `cluster-details?cluster=${segment(target.name)}`);
  return consoleUrl(region, 'redshiftv2', 'dashboard');
}

export function alarmUrl(region: string, alarmName: string): string {
  return consoleUrl(region, 'cloudwatch', `alarmsV2:alarm/${segment(alarmName)}`);
}

export function lambdaFunctionUrl(region: string, functionName: string): string {
  return consoleUrl(region, 'lambda', `/functions/${segment(functionName)}?tab=monitoring`);
}

export interface RedshiftTarget {
  readonly kind: 'workgroup' | 'cluster' | 'unknown';
  readonly name: string;
}

/**
 * What a Data API event's `resources[0]` names: `arn:…:redshift:…:cluster:<name>` or
 * `arn:…:redshift-serverless:…:workgroup/<id>`.
 */
export function redshiftTargetOf(resourceArn: string | undefined): RedshiftTarget {
  if (resourceArn === undefined) return { kind: 'unknown', name: 'unknown' };
  const workgroup = /:redshift-serverless:[^:]*:\d*:workgroup\/(.+)$/.exec(resourceArn);
  if (workgroup?.[1]) return { kind: 'workgroup', name: workgroup[1] };
  const cluster = /:redshift:[^:]*:\d*:cluster:(.+)$/.exec(resourceArn);
  if (cluster?.[1]) return { kind: 'cluster', name: cluster[1] };
  return { kind: 'unknown', name: resourceArn };
}

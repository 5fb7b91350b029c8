/**
 * Links into the AWS console for the region an event came from, so an alert opens the failed
 * run, alarm, function or metrics graph in one click. The console host depends on the partition.
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

/** A value of a graph's state: what a CloudWatch metric widget's JSON holds. */
export type GraphValue =
  string | number | boolean | readonly GraphValue[] | { readonly [key: string]: GraphValue };

const isList = (value: GraphValue): value is readonly GraphValue[] => Array.isArray(value);

/**
 * Text in the console's state encoding: letters, digits, `_`, `-` and `.` stay; `$` is `!`; any
 * other character is `*` and two hex digits (`:` → `*3a`), or `**` and four above U+00FF.
 */
function graphText(text: string): string {
  return text.replace(/[^\w.-]/g, (char) => {
    if (char === '$') return '!';
    const code = char.charCodeAt(0);
    return code < 0x100
      ? `*${code.toString(16).padStart(2, '0')}`
      : `**${code.toString(16).padStart(4, '0')}`;
  });
}

/**
 * The console's encoding of a graph's state in the URL fragment: `~(…)` around an object's
 * `key~value` pairs or a list's items, `~'` before a string, `~` before a number or boolean.
 */
function graphState(value: GraphValue): string {
  if (typeof value === 'string') return `~'${graphText(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `~${value}`;
  if (isList(value)) return `~(${value.map(graphState).join('') || '~'})`;
  return `~(${Object.entries(value)
    .map(([key, inner]) => `${graphText(key)}${graphState(inner)}`)
    .join('~')})`;
}

export interface MetricGraph {
  /**
   * As a metric widget lists them: `[namespace, name, dimension, value, …]`, optionally ending
   * in the metric's options (`{ yAxis: 'right' }`).
   */
  readonly metrics: readonly (readonly GraphValue[])[];
  readonly stat: string;
  readonly periodSeconds: number;
  /** ISO 8601. */
  readonly start: string;
  readonly end: string;
  /** Lines across the graph at a value (a threshold). */
  readonly horizontal?: readonly { readonly label: string; readonly value: number }[];
  /** Lines down the graph at a time, ISO 8601. */
  readonly vertical?: readonly { readonly label: string; readonly value: string }[];
}

/** The metrics graph of CloudWatch's console, opened on `graph`'s metrics and period. */
export function metricGraphUrl(region: string, graph: MetricGraph): string {
  const annotations = {
    ...(graph.horizontal !== undefined && { horizontal: graph.horizontal }),
    ...(graph.vertical !== undefined && { vertical: graph.vertical }),
  };
  const state: GraphValue = {
    metrics: graph.metrics,
    view: 'timeSeries',
    stacked: false,
    region,
    stat: graph.stat,
    period: graph.periodSeconds,
    start: graph.start,
    end: graph.end,
    ...(Object.keys(annotations).length > 0 && { annotations }),
  };
  return consoleUrl(region, 'cloudwatch', `metricsV2:graph=${graphState(state)}`);
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

/**
 * `npm run summary`: synthesizes every stack offline and prints what
 * would be deployed, read back from the synthesized templates rather than from the source, so
 * the summary shows what CloudFormation would actually receive.
 *
 *   npm run summary                  # dev
 *   npm run summary -- --env prod
 */
import './shared/aws-sdk-node-notice';
import { parseArgs } from 'node:util';
import type { aws_s3 as s3 } from 'aws-cdk-lib';
import { Validations, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { isMirrored, type ZoneName } from '../infra/platform';
import { synthesizePlatform, type SynthesizedPlatform } from '../infra/aws/synthesize';

interface LifecycleRuleJson {
  Id?: string;
  ExpirationInDays?: number;
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
  Transitions?: { StorageClass: string; TransitionInDays: number }[];
}
interface TemplateJson {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
}

export interface PlatformSummary {
  readonly environment: string;
  readonly region: string;
  readonly synthSeconds: number;
  /** The environment permits `-c allowDestroy=true` (data is retained either way unless it is given). */
  readonly destroyPermitted: boolean;
  readonly stacks: readonly { name: string; resources: number; terminationProtection: boolean }[];
  readonly resourceTypes: readonly [type: string, count: number][];
  readonly zones: readonly { name: ZoneName; mirroredDatasets: number; lifecycle: string }[];
  readonly acknowledgements: readonly { path: string; id: string; reason: string }[];
}

export function summarize(synthesized: SynthesizedPlatform, synthSeconds: number): PlatformSummary {
  const { stacks, assembly } = synthesized;
  const { platform } = stacks;
  const allStacks: Stack[] = [
    stacks.alerting,
    stacks.dataLake,
    stacks.catalog,
    stacks.replication,
    stacks.network,
    stacks.streaming,
    stacks.etl,
    stacks.warehouse,
    stacks.marketplaceApi,
    stacks.observability,
  ];
  const templateOf = (stack: Stack) =>
    assembly.getStackByName(stack.stackName).template as TemplateJson;

  const typeCounts = new Map<string, number>();
  for (const stack of allStacks) {
    for (const resource of Object.values(templateOf(stack).Resources)) {
      if (resource.Type === 'AWS::CDK::Metadata') continue;
      typeCounts.set(resource.Type, (typeCounts.get(resource.Type) ?? 0) + 1);
    }
  }

  const lakeTemplate = templateOf(stacks.dataLake);
  const zones = platform.zones.map((zone) => {
    const cfnBucket = stacks.dataLake.zoneBuckets[zone.name].node.defaultChild as s3.CfnBucket;
    const properties = lakeTemplate.Resources[stacks.dataLake.getLogicalId(cfnBucket)]?.Properties;
    const lifecycle = properties?.LifecycleConfiguration as
      { Rules: LifecycleRuleJson[]; TransitionDefaultMinimumObjectSize?: string } | undefined;
    return {
      name: zone.name,
      mirroredDatasets: platform.datasets.filter((dataset) =>
        isMirrored(platform, zone.name, dataset),
      ).length,
      lifecycle: lifecycle
        ? describeLifecycle(lifecycle.Rules, lifecycle.TransitionDefaultMinimumObjectSize)
        : 'none',
    };
  });

  return {
    environment: platform.environmentName,
    region: platform.environment.region,
    synthSeconds,
    destroyPermitted: platform.environment.dataMayBeDestroyed,
    stacks: allStacks.map((stack) => ({
      name: stack.stackName,
      resources: Object.values(templateOf(stack).Resources).filter(
        (resource) => resource.Type !== 'AWS::CDK::Metadata',
      ).length,
      terminationProtection: stack.terminationProtection,
    })),
    resourceTypes: [...typeCounts.entries()].sort(([a], [b]) => a.localeCompare(b)),
    zones,
    acknowledgements: allStacks.flatMap(acknowledgementsIn),
  };
}

/**
 * Acknowledged validation findings (cdk-nag v3 records them as construct metadata mapping
 * `<pack>::<rule>` to the reason), each with the reason given where it was acknowledged.
 */
function acknowledgementsIn(stack: Stack): PlatformSummary['acknowledgements'] {
  return stack.node.findAll().flatMap((construct: IConstruct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id, reason })),
  );
}

const SHORT_CLASS: Record<string, string> = {
  STANDARD_IA: 'IA',
  ONEZONE_IA: 'One Zone-IA',
  INTELLIGENT_TIERING: 'Intelligent-Tiering',
  GLACIER_IR: 'Glacier IR',
  GLACIER: 'Glacier',
  DEEP_ARCHIVE: 'Deep Archive',
};

export function describeLifecycle(
  rules: readonly LifecycleRuleJson[],
  minimumSize?: string,
): string {
  const parts: string[] = [];
  const transitions = rules.flatMap((rule) => rule.Transitions ?? []);
  if (transitions.length > 0) {
    parts.push(
      transitions
        .map((t) => `${SHORT_CLASS[t.StorageClass] ?? t.StorageClass} @${t.TransitionInDays}d`)
        .join(' → '),
    );
  }
  const expiry = rules.find((rule) => rule.ExpirationInDays !== undefined)?.ExpirationInDays;
  parts.push(expiry === undefined ? 'kept forever' : `expire @${expiry}d`);
  const noncurrent = rules.find(
    (rule) => rule.NoncurrentVersionExpiration,
  )?.NoncurrentVersionExpiration;
  if (noncurrent) parts.push(`old versions ${noncurrent.NoncurrentDays}d`);
  const abort = rules.find(
    (rule) => rule.AbortIncompleteMultipartUpload,
  )?.AbortIncompleteMultipartUpload;
  if (abort) parts.push(`abort uploads ${abort.DaysAfterInitiation}d`);
  if (minimumSize === 'all_storage_classes_128K') parts.push('<128 KB never tiered');
  return parts.join(' · ');
}

export function renderSummary(summary: PlatformSummary): string {
  const lines: string[] = [];
  const table = (rows: string[][]) => {
    const widths =
      rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
    for (const row of rows)
      lines.push(
        '  ' +
          row
            .map((cell, i) => cell.padEnd(widths[i] ?? 0))
            .join('  ')
            .trimEnd(),
      );
  };

  lines.push(
    `hybrid-lake · environment ${summary.environment} · ${summary.region} · synthesized offline in ${summary.synthSeconds.toFixed(1)} s`,
    '',
    'Stacks',
  );
  table(
    summary.stacks.map((stack) => [
      stack.name,
      `${stack.resources} ${stack.resources === 1 ? 'resource' : 'resources'}`,
      stack.terminationProtection ? 'termination protected' : '',
    ]),
  );
  lines.push('', 'Resources per type');
  table(summary.resourceTypes.map(([type, count]) => [type, String(count)]));
  lines.push('', 'Zones (one S3 bucket each; lifecycle as synthesized)');
  table(
    summary.zones.map((zone) => [
      zone.name,
      zone.mirroredDatasets > 0 ? `→ ADLS (${zone.mirroredDatasets} datasets)` : 'AWS only',
      zone.lifecycle,
    ]),
  );
  lines.push(
    '',
    summary.destroyPermitted
      ? 'Data retention: RETAINED unless deployed with -c allowDestroy=true (this environment permits it).'
      : 'Data retention: every bucket and key is RETAINED when a stack is deleted.',
    `cdk-nag AwsSolutions: 0 unacknowledged findings, ${summary.acknowledgements.length} acknowledged${summary.acknowledgements.length > 0 ? ':' : '.'}`,
  );
  for (const ack of summary.acknowledgements)
    lines.push(`  ${ack.id} on ${ack.path}: ${ack.reason}`);
  lines.push(
    '',
    'Templates are in cdk.out/. Deploy with: npx cdk deploy --all -c env=' + summary.environment,
  );
  return lines.join('\n');
}

function main(): void {
  const { values } = parseArgs({ options: { env: { type: 'string', default: 'dev' } } });
  const started = performance.now();
  const synthesized = synthesizePlatform({ env: values.env }, 'cdk.out');
  const seconds = (performance.now() - started) / 1000;
  console.log(renderSummary(summarize(synthesized, seconds)));
}

if (require.main === module) main();

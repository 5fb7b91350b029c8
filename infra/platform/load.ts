import type { z } from 'zod';
import { PLATFORM_DEFINITION } from './definition';
import type { MarketplaceApi } from './marketplace-api';
import {
  ENVIRONMENT_NAMES,
  lifecycleSchema,
  platformDefinitionSchema,
  isSourceDataset,
  type Dataset,
  type EnvironmentName,
  type EnvironmentSettings,
  type Lifecycle,
  type PlatformDefinition,
  type SourceDataset,
  type DerivedDataset,
  type Topic,
  type TrafficMonitor,
  type Zone,
  type ZoneName,
} from './schema';

/** A platform definition that does not validate; `issues` holds one `path: message` line each. */
export class PlatformDefinitionError extends Error {
  override readonly name = 'PlatformDefinitionError';
  constructor(readonly issues: readonly string[]) {
    super(`Invalid platform definition:\n  - ${issues.join('\n  - ')}`);
  }
}

/** The platform as one environment sees it: zone lifecycles have the environment's overrides applied. */
export interface Platform {
  readonly project: string;
  readonly environmentName: EnvironmentName;
  readonly environment: EnvironmentSettings;
  readonly zones: readonly Zone[];
  readonly datasets: readonly Dataset[];
  readonly topics: readonly Topic[];
  readonly trafficMonitor: TrafficMonitor;
  readonly marketplaceApi: MarketplaceApi;
}

/**
 * Validates the definition and resolves it for one environment.
 * @throws PlatformDefinitionError naming every offending field.
 */
export function loadPlatform(
  environmentName: string,
  definition: PlatformDefinition = PLATFORM_DEFINITION,
): Platform {
  const parsed = platformDefinitionSchema.safeParse(definition);
  if (!parsed.success) throw new PlatformDefinitionError(formatIssues(parsed.error.issues));
  const valid = parsed.data;

  const environment = valid.environments[environmentName as EnvironmentName];
  if (!isEnvironmentName(environmentName) || !environment) {
    const known = Object.keys(valid.environments).join(', ');
    throw new PlatformDefinitionError([
      `environments.${environmentName}: unknown environment (defined: ${known}); pick one with -c env=<name>`,
    ]);
  }

  const zones = valid.zones.map((zone) => ({
    ...zone,
    lifecycle: resolveLifecycle(zone, environmentName, environment),
  }));
  return {
    project: valid.project,
    environmentName,
    environment,
    zones,
    datasets: valid.datasets,
    topics: valid.topics,
    trafficMonitor: valid.trafficMonitor,
    marketplaceApi: valid.marketplaceApi,
  };
}

function resolveLifecycle(
  zone: Zone,
  environmentName: EnvironmentName,
  environment: EnvironmentSettings,
): Lifecycle {
  const override = environment.lifecycleOverrides[zone.name];
  if (!override) return zone.lifecycle;
  // Re-validate the merge: an override can break a rule that each side satisfied alone
  // (say, an earlier expiry than the zone's last transition).
  const merged = lifecycleSchema.safeParse({ ...zone.lifecycle, ...override });
  if (!merged.success) {
    const at = ['environments', environmentName, 'lifecycleOverrides', zone.name];
    throw new PlatformDefinitionError(formatIssues(merged.error.issues, at));
  }
  return merged.data;
}

function isEnvironmentName(name: string): name is EnvironmentName {
  return (ENVIRONMENT_NAMES as readonly string[]).includes(name);
}

function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): string[] {
  return issues.map((issue) => `${formatPath([...prefix, ...issue.path])}: ${issue.message}`);
}

/** `['datasets', 2, 'columns', 0, 'type']` → `datasets[2].columns[0].type` */
export function formatPath(path: readonly PropertyKey[]): string {
  return (
    path
      .map((part, index) =>
        typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
      )
      .join('') || '(root)'
  );
}

/** The zone of that name (every zone exists: the schema enforces it). */
export function zoneOf(platform: Platform, name: ZoneName): Zone {
  const zone = platform.zones.find((candidate) => candidate.name === name);
  if (!zone) throw new PlatformDefinitionError([`zones: zone "${name}" is missing`]);
  return zone;
}

/** Whether objects of `dataset` stored in `zone` are mirrored to ADLS. */
export function isMirrored(platform: Platform, zone: ZoneName, dataset: Dataset): boolean {
  return (
    dataset.mirroredToAzure &&
    dataset.zones.includes(zone) &&
    zoneOf(platform, zone).mirroredToAzure
  );
}

/**
 * Whether a job rewrites this dataset's objects: each run of clean_to_curated replaces the files
 * of the days it covers under new names and deletes the old ones (a derived dataset). A copy of
 * such an object must go when S3 deletes it, or a mirror keeps every superseded file.
 */
export function isRewrittenByJobs(dataset: Dataset): boolean {
  return dataset.arrival === 'derived';
}

/** The datasets producers write, in definition order: what raw_to_clean cleans. */
export function sourceDatasets(platform: Platform): SourceDataset[] {
  return platform.datasets.filter(isSourceDataset);
}

/** The datasets the ETL derives from the clean zone, in definition order: the curated zone. */
export function derivedDatasets(platform: Platform): DerivedDataset[] {
  return platform.datasets.filter(
    (dataset): dataset is DerivedDataset => dataset.arrival === 'derived',
  );
}

/** The dataset a topic carries: the schema guarantees it exists and arrives by stream. */
export function topicDataset(platform: Platform, topic: Topic): SourceDataset {
  const dataset = platform.datasets.find((candidate) => candidate.name === topic.dataset);
  if (dataset === undefined || !isSourceDataset(dataset))
    throw new PlatformDefinitionError([`topics: "${topic.name}" carries no stream dataset`]);
  return dataset;
}

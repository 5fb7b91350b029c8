/**
 * The catalog's facts, read by the constructs and the local deployment alike: the partition
 * registration function (its names, settings and the objects it registers) and how a table's
 * storage is described to Glue.
 */
import {
  bucketName,
  catalogTables,
  resourcePrefix,
  type Dataset,
  type Platform,
} from '../../platform';
import type { ObjectSource } from './object-events';

/** Powertools service name and folder of the registration function. */
export const REGISTRATION_SERVICE_NAME = 'register-partitions';

/** The defaults of PartitionRegistrationOptions. */
export const REGISTRATION_DEFAULTS = {
  memorySize: 512,
  timeoutSeconds: 120,
  batchSize: 1000,
  maxBatchingWindowSeconds: 30,
} as const;

/** `hybrid-lake-dev-register-partitions` */
export function registrationFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${REGISTRATION_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-register-partitions-created`: the rule routing Object Created to the queue. */
export function registrationRuleName(platform: Platform): string {
  return `${registrationFunctionName(platform)}-created`;
}

/**
 * The zones whose objects the registration function turns into partitions: per zone, the
 * prefixes of the catalog tables registered by events (datasets with partition projection are
 * left out, engines compute their partitions). Pure: the local runtime routes with it too.
 */
export function registrationSources(
  platform: Platform,
  account: string,
  region: string,
): ObjectSource[] {
  const registered = catalogTables(platform).filter((table) => table.registeredByEvents);
  return platform.zones
    .map((zone) => ({
      zone: zone.name,
      bucketName: bucketName(platform, zone.name, account, region),
      prefixes: registered
        .filter((table) => table.zone === zone.name)
        .map((table) => `${table.dataset.name}/`),
    }))
    .filter((source) => source.prefixes.length > 0);
}

/** The Hive classes engines (Athena, Redshift Spectrum, Glue, Spark) read each format with. */
export const STORAGE_FORMATS = {
  parquet: {
    inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
  },
  json: {
    inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
    outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
    serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
  },
} as const satisfies Record<Dataset['format'], Record<string, string>>;

/**
 * Athena's partition projection table properties: each key's integer range and padding, and the
 * template that turns values into the Hive-style path the writers use. Only integer projections
 * exist in the schema, so nothing else is spelled here.
 */
export function projectionParameters(dataset: Dataset, location: string): Record<string, string> {
  const parameters: Record<string, string> = { 'projection.enabled': 'true' };
  for (const key of dataset.partitionKeys) {
    const projection = key.projection;
    // The schema refuses a projected dataset with a key lacking a projection; this only narrows.
    if (projection === undefined) continue;
    parameters[`projection.${key.name}.type`] = projection.type;
    parameters[`projection.${key.name}.range`] = `${projection.min},${projection.max}`;
    if (projection.digits !== undefined)
      parameters[`projection.${key.name}.digits`] = String(projection.digits);
  }
  const path = dataset.partitionKeys.map((key) => `${key.name}=\${${key.name}}/`).join('');
  parameters['storage.location.template'] = `${location}${path}`;
  return parameters;
}

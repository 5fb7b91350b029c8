/**
 * The Glue Data Catalog as the platform definition implies it: one database per zone, one table
 * per dataset in each zone it is stored in, partitioned by the dataset's keys. The CatalogStack
 * creates it, the registration function and the local runtime find tables through it, so a
 * database or a location is spelled in one place.
 */
import type { Platform } from './load';
import { resourcePrefix } from './naming';
import type { Dataset, ZoneName } from './schema';

/** `hybrid_lake_dev_raw`: Glue (and the engines reading it) want lower case and underscores. */
export function catalogDatabaseName(platform: Platform, zone: ZoneName): string {
  return `${resourcePrefix(platform)}_${zone}`.replace(/-/g, '_');
}

/** A dataset's table has the dataset's name in every zone's database. */
export function catalogTableName(dataset: Dataset): string {
  return dataset.name;
}

export interface CatalogTable {
  readonly zone: ZoneName;
  readonly dataset: Dataset;
  readonly database: string;
  readonly table: string;
  /**
   * Partitions are added by the registration function. False when the dataset uses partition
   * projection: engines compute its partitions, and nothing registers them.
   */
  readonly registeredByEvents: boolean;
}

/** Every table of the catalog, zone by zone in definition order. */
export function catalogTables(platform: Platform): CatalogTable[] {
  return platform.zones.flatMap((zone) =>
    platform.datasets
      .filter((dataset) => dataset.zones.includes(zone.name))
      .map((dataset) => catalogTable(platform, zone.name, dataset)),
  );
}

/**
 * The table for objects under `<dataset>/` in a zone's bucket, if the catalog has one. Called
 * per object by the registration function, so it looks up one dataset rather than listing
 * every table.
 */
export function catalogTableFor(
  platform: Platform,
  zone: ZoneName,
  datasetName: string,
): CatalogTable | undefined {
  const dataset = platform.datasets.find(
    (candidate) => candidate.name === datasetName && candidate.zones.includes(zone),
  );
  return dataset && catalogTable(platform, zone, dataset);
}

function catalogTable(platform: Platform, zone: ZoneName, dataset: Dataset): CatalogTable {
  return {
    zone,
    dataset,
    database: catalogDatabaseName(platform, zone),
    table: catalogTableName(dataset),
    registeredByEvents: !dataset.partitionProjection,
  };
}

/** `s3://<bucket>/<dataset>/`: a table's location, with the trailing slash engines expect. */
export function tableLocation(bucket: string, dataset: Dataset): string {
  return `s3://${bucket}/${dataset.name}/`;
}

/**
 * `s3://<bucket>/<dataset>/year=2026/month=03/`: a partition's location, keys in the dataset's
 * order. `values` must hold one value per key, already validated.
 */
export function partitionLocation(
  bucket: string,
  dataset: Dataset,
  values: readonly string[],
): string {
  if (values.length !== dataset.partitionKeys.length)
    throw new RangeError(
      `${dataset.name} has ${dataset.partitionKeys.length} partition keys, got ${values.length} values`,
    );
  const path = dataset.partitionKeys.map((key, index) => `${key.name}=${values[index]}/`).join('');
  return `${tableLocation(bucket, dataset)}${path}`;
}

/**
 * How a catalog table of the platform definition is written for Glue: columns and partition keys
 * from the dataset, the format's Hive input/output classes and SerDe, the location in its zone's
 * bucket, and, for datasets that project their partitions, the Athena projection properties.
 */
import type { aws_glue as glue } from 'aws-cdk-lib';
import { tableLocation, type CatalogTable, type Dataset } from '../../platform';

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

/** The `TableInput` of one catalog table whose objects live in `bucket`. */
export function glueTableInput(
  table: CatalogTable,
  bucket: string,
): glue.CfnTable.TableInputProperty {
  const { dataset } = table;
  const location = tableLocation(bucket, dataset);
  const format = STORAGE_FORMATS[dataset.format];
  return {
    name: table.table,
    description: dataset.description,
    tableType: 'EXTERNAL_TABLE',
    parameters: {
      EXTERNAL: 'TRUE',
      classification: dataset.format,
      ...(dataset.partitionProjection && projectionParameters(dataset, location)),
    },
    partitionKeys: dataset.partitionKeys.map((key) => ({ name: key.name, type: key.type })),
    storageDescriptor: {
      location,
      inputFormat: format.inputFormat,
      outputFormat: format.outputFormat,
      serdeInfo: {
        serializationLibrary: format.serializationLibrary,
        parameters: { 'serialization.format': '1' },
      },
      columns: dataset.columns.map((column) => ({
        name: column.name,
        type: column.type,
        comment: column.description,
      })),
    },
  };
}

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

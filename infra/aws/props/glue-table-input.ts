/**
 * How a catalog table of the platform definition is written for Glue: columns and partition keys
 * from the dataset, the format's Hive input/output classes and SerDe, the location in its zone's
 * bucket, and, for datasets that project their partitions, the Athena projection properties.
 */
import type { aws_glue as glue } from 'aws-cdk-lib';
import { tableLocation, type CatalogTable } from '../../platform';
import { STORAGE_FORMATS, projectionParameters } from '../facts/catalog';

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

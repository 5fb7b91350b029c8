/** Tables and partitions shared by the Glue integration tests. */
import {
  CreateDatabaseCommand,
  CreateTableCommand,
  type GlueClient,
  type PartitionInput,
  type StorageDescriptor,
  type TableInput,
} from '@aws-sdk/client-glue';

export const accessEvents: TableInput = {
  Name: 'Access_Events',
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet' },
  PartitionKeys: [
    { Name: 'year', Type: 'string' },
    { Name: 'month', Type: 'string' },
  ],
  StorageDescriptor: {
    Columns: [
      { Name: 'event_id', Type: 'string' },
      { Name: 'bytes', Type: 'bigint', Comment: 'response size' },
    ],
    Location: 's3://curated/access_events/',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: {
      SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
      Parameters: { 'serialization.format': '1' },
    },
  },
};

export const DB = 'raw';
export const TABLE = 'web_logs';
export const descriptor: StorageDescriptor = {
  Columns: [{ Name: 'line', Type: 'string' }],
  Location: 's3://raw/web_logs/',
  InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe' },
};
export const target = { DatabaseName: DB, TableName: TABLE };

/** A day partition as the platform registers it: the table's descriptor, its own location. */
export function dayPartition(day: number): PartitionInput {
  const dd = String(day).padStart(2, '0');
  return {
    Values: ['2026', '01', dd],
    StorageDescriptor: {
      ...descriptor,
      Location: `s3://raw/web_logs/year=2026/month=01/day=${dd}/`,
    },
  };
}

/** The `raw.web_logs` table, partitioned by year/month/day string keys. */
export async function createWebLogsTable(glue: GlueClient): Promise<void> {
  await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: DB } }));
  await glue.send(
    new CreateTableCommand({
      DatabaseName: DB,
      TableInput: {
        Name: TABLE,
        StorageDescriptor: descriptor,
        PartitionKeys: ['year', 'month', 'day'].map((Name) => ({ Name, Type: 'string' })),
      },
    }),
  );
}

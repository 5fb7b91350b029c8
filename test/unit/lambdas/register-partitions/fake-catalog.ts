/**
 * An in-memory Glue catalog behind the CatalogApi interface, for unit tests: it enforces the
 * per-call limits, reports per-entry errors the way Glue does, and records every call. Tests
 * script failures with `failNext` (whole calls) and `entryErrors` (per entry).
 */
import type { Partition, Table } from '@aws-sdk/client-glue';
import type {
  CatalogApi,
  CatalogOperation,
} from '../../../../lambdas/register-partitions/catalog-api';
import { catalogTables, type CatalogTable, type Platform } from '../../../../infra/platform';

export class SdkLikeError extends Error {
  constructor(
    override readonly name: string,
    message = name,
    readonly $metadata: { httpStatusCode?: number } = { httpStatusCode: 400 },
  ) {
    super(message);
  }
}

export interface RecordedCall {
  readonly operation: CatalogOperation;
  readonly table: string;
  /** Partition values sent (BatchGet/BatchCreate). */
  readonly entries: readonly (readonly string[])[];
}

export class FakeCatalog implements CatalogApi {
  readonly tables = new Map<string, Table>();
  readonly partitions = new Map<string, Partition>();
  readonly calls: RecordedCall[] = [];
  /** Errors thrown by the next calls of an operation, in order. */
  readonly failNext: { operation: CatalogOperation; error: Error }[] = [];
  /** Per-entry error codes for BatchCreatePartition, consumed per value list. */
  readonly entryErrors = new Map<string, string[]>();
  /** Keys BatchGetPartition leaves unprocessed on its next calls. */
  unprocessedOnNextGets = 0;

  static forPlatform(platform: Platform, bucket = 'bucket'): FakeCatalog {
    const catalog = new FakeCatalog();
    for (const table of catalogTables(platform)) catalog.addTable(table, bucket);
    return catalog;
  }

  addTable(table: CatalogTable, bucket: string): void {
    this.tables.set(`${table.database}.${table.table}`, {
      Name: table.table,
      DatabaseName: table.database,
      PartitionKeys: table.dataset.partitionKeys.map((key) => ({ Name: key.name, Type: key.type })),
      StorageDescriptor: {
        Columns: table.dataset.columns.map((column) => ({ Name: column.name, Type: column.type })),
        Location: `s3://${bucket}/${table.dataset.name}/`,
        InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        SerdeInfo: {
          SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
        },
      },
    });
  }

  /** Registers a partition as someone else would. */
  put(database: string, table: string, values: readonly string[]): void {
    this.partitions.set(JSON.stringify([database, table, ...values]), { Values: [...values] });
  }

  has(database: string, table: string, values: readonly string[]): boolean {
    return this.partitions.has(JSON.stringify([database, table, ...values]));
  }

  partition(database: string, table: string, values: readonly string[]): Partition | undefined {
    return this.partitions.get(JSON.stringify([database, table, ...values]));
  }

  count(operation: CatalogOperation): number {
    return this.calls.filter((call) => call.operation === operation).length;
  }

  /** Records the call and applies a scripted failure, after a tick as a network call would. */
  private async begin(
    operation: CatalogOperation,
    table: string,
    entries: string[][],
  ): Promise<void> {
    await Promise.resolve();
    this.calls.push({ operation, table, entries });
    const index = this.failNext.findIndex((fault) => fault.operation === operation);
    if (index >= 0) {
      const [fault] = this.failNext.splice(index, 1);
      throw fault!.error;
    }
  }

  private table(database: string | undefined, name: string | undefined): Table {
    const table = this.tables.get(`${database}.${name}`);
    if (!table) throw new SdkLikeError('EntityNotFoundException', `Table ${name} not found.`);
    return table;
  }

  getTable: CatalogApi['getTable'] = async (input) => {
    await this.begin('GetTable', `${input.DatabaseName}.${input.Name}`, []);
    return { Table: this.table(input.DatabaseName, input.Name) };
  };

  batchGetPartition: CatalogApi['batchGetPartition'] = async (input) => {
    const wanted = (input.PartitionsToGet ?? []).map((entry) => entry.Values ?? []);
    await this.begin('BatchGetPartition', `${input.DatabaseName}.${input.TableName}`, wanted);
    if (wanted.length > 1000) throw new SdkLikeError('ValidationException', 'more than 1000');
    this.table(input.DatabaseName, input.TableName);
    const unprocessed = wanted.slice(0, this.unprocessedOnNextGets);
    this.unprocessedOnNextGets = 0;
    const found = wanted
      .slice(unprocessed.length)
      .flatMap((values) => this.partition(input.DatabaseName!, input.TableName!, values) ?? []);
    return { Partitions: found, UnprocessedKeys: unprocessed.map((Values) => ({ Values })) };
  };

  batchCreatePartition: CatalogApi['batchCreatePartition'] = async (input) => {
    const list = input.PartitionInputList ?? [];
    const values = list.map((entry) => entry.Values ?? []);
    await this.begin('BatchCreatePartition', `${input.DatabaseName}.${input.TableName}`, values);
    if (list.length > 100) throw new SdkLikeError('ValidationException', 'more than 100');
    this.table(input.DatabaseName, input.TableName);
    const errors = [];
    for (const entry of list) {
      const entryValues = entry.Values ?? [];
      const scripted = this.entryErrors.get(JSON.stringify(entryValues))?.shift();
      const key = JSON.stringify([input.DatabaseName, input.TableName, ...entryValues]);
      const code = scripted ?? (this.partitions.has(key) ? 'AlreadyExistsException' : undefined);
      if (code) {
        errors.push({
          PartitionValues: entryValues,
          ErrorDetail: { ErrorCode: code, ErrorMessage: `${code} for ${entryValues.join('/')}` },
        });
        continue;
      }
      this.partitions.set(key, { Values: entryValues, StorageDescriptor: entry.StorageDescriptor });
    }
    return { Errors: errors };
  };
}

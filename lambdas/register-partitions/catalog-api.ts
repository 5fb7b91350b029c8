/**
 * The three Glue operations registration uses, as a narrow interface: the handler backs it with
 * the SDK client, unit tests with an in-memory catalog, and every call goes through one place
 * where it is counted (`GlueCalls`).
 */
import {
  BatchCreatePartitionCommand,
  BatchGetPartitionCommand,
  GetTableCommand,
  type BatchCreatePartitionCommandInput,
  type BatchCreatePartitionCommandOutput,
  type BatchGetPartitionCommandInput,
  type BatchGetPartitionCommandOutput,
  type GetTableCommandInput,
  type GetTableCommandOutput,
  type GlueClient,
} from '@aws-sdk/client-glue';

export type CatalogOperation = 'GetTable' | 'BatchGetPartition' | 'BatchCreatePartition';

export interface CatalogApi {
  getTable(input: GetTableCommandInput): Promise<Pick<GetTableCommandOutput, 'Table'>>;
  batchGetPartition(
    input: BatchGetPartitionCommandInput,
  ): Promise<Pick<BatchGetPartitionCommandOutput, 'Partitions' | 'UnprocessedKeys'>>;
  batchCreatePartition(
    input: BatchCreatePartitionCommandInput,
  ): Promise<Pick<BatchCreatePartitionCommandOutput, 'Errors'>>;
}

/** The catalog behind a Glue client (the account's default catalog: no `CatalogId`). */
export function glueCatalogApi(glue: GlueClient): CatalogApi {
  return {
    getTable: (input) => glue.send(new GetTableCommand(input)),
    batchGetPartition: (input) => glue.send(new BatchGetPartitionCommand(input)),
    batchCreatePartition: (input) => glue.send(new BatchCreatePartitionCommand(input)),
  };
}

/** The same catalog, reporting each call (attempts included) before it is made. */
export function countingCatalogApi(
  api: CatalogApi,
  onCall: (operation: CatalogOperation) => void,
): CatalogApi {
  return {
    getTable: (input) => {
      onCall('GetTable');
      return api.getTable(input);
    },
    batchGetPartition: (input) => {
      onCall('BatchGetPartition');
      return api.batchGetPartition(input);
    },
    batchCreatePartition: (input) => {
      onCall('BatchCreatePartition');
      return api.batchCreatePartition(input);
    },
  };
}

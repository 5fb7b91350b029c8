import {
  CreatePartitionCommand,
  DeleteTableCommand,
  GetPartitionsCommand,
  GetTableCommand,
} from '@aws-sdk/client-glue';
import { catalogDatabaseName } from '../../../../infra/platform';
import { createBatchHandler } from '../../../../lambdas/register-partitions/batch';
import type { CatalogApi } from '../../../../lambdas/register-partitions/catalog-api';
import { useLocalCloud } from '../../../fixtures/localcloud';
import {
  catalogPartition,
  glueRequests,
  LAMBDA_CONTEXT,
  PLATFORM,
  putObjects,
  receiveRecords,
  registrationDependencies,
  setUpRegistration,
  sqsEvent,
  type RegistrationLake,
} from './registration-fixtures';

const cloud = useLocalCloud();
let lake: RegistrationLake;
beforeEach(async () => {
  lake = await setUpRegistration(cloud());
});

const RAW = catalogDatabaseName(PLATFORM, 'raw');
const CLEAN = catalogDatabaseName(PLATFORM, 'clean');
const CURATED = catalogDatabaseName(PLATFORM, 'curated');
const HOUR_17 = ['2026', '03', '08', '17'];
const DAY_8 = ['2026', '03', '08'];

/** Files of a dataset partitioned by day (interactions, the curated aggregates). */
const daily = (dataset: string, count: number) =>
  Array.from(
    { length: count },
    (_, index) => `${dataset}/year=2026/month=03/day=08/part-${index}.parquet`,
  );

const hourly = (dataset: string, hour: string, count: number) =>
  Array.from(
    { length: count },
    (_, index) => `${dataset}/year=2026/month=03/day=08/hour=${hour}/part-${index}.parquet`,
  );

async function receive() {
  return receiveRecords(lake.sqs, lake.queueUrl);
}

describe('partition registration from real S3 events', () => {
  it('registers new partitions with the table’s storage descriptor and the partition’s location', async () => {
    await putObjects(lake, 'raw', [
      ...hourly('access_events', '17', 2),
      ...daily('interactions', 1),
    ]);
    await putObjects(lake, 'curated', daily('sales_by_product', 1));
    const records = await receive();
    const { deps, observed } = registrationDependencies(lake);

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(records).toHaveLength(4);
    expect(response.batchItemFailures).toEqual([]);
    const { Table } = await lake.glue.send(
      new GetTableCommand({ DatabaseName: RAW, Name: 'access_events' }),
    );
    const partition = await catalogPartition(lake.glue, RAW, 'access_events', HOUR_17);
    expect(partition?.StorageDescriptor).toEqual({
      ...Table!.StorageDescriptor,
      Location: `s3://${lake.buckets.raw}/access_events/year=2026/month=03/day=08/hour=17/`,
    });
    expect(partition?.StorageDescriptor?.SerdeInfo?.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(await catalogPartition(lake.glue, RAW, 'interactions', DAY_8)).toBeDefined();
    expect(
      (await catalogPartition(lake.glue, CURATED, 'sales_by_product', DAY_8))?.StorageDescriptor
        ?.Location,
    ).toBe(`s3://${lake.buckets.curated}/sales_by_product/year=2026/month=03/day=08/`);
    expect(observed.metric('PartitionsRegistered')).toBe(3);
  });

  it('makes one create for many objects of one partition, and no Glue call for the next batch', async () => {
    const { deps, observed } = registrationDependencies(lake);
    const handler = createBatchHandler(deps);
    await putObjects(lake, 'raw', hourly('access_events', '17', 25));
    const first = await receive();

    cloud().requests.clear();
    await handler(sqsEvent(first), LAMBDA_CONTEXT);
    const firstCalls = glueRequests(cloud());
    await putObjects(lake, 'raw', hourly('access_events', '17', 40).slice(25));
    const second = await receive();
    cloud().requests.clear();
    const response = await handler(sqsEvent(second), LAMBDA_CONTEXT);

    expect(first).toHaveLength(25);
    expect(firstCalls).toEqual({ BatchCreatePartition: 1, BatchGetPartition: 1, GetTable: 1 });
    expect(second).toHaveLength(15);
    expect(response.batchItemFailures).toEqual([]);
    expect(glueRequests(cloud())).toEqual({});
    expect(observed.metric('PartitionsAlreadyKnown', 'cache')).toBe(1);
  });

  it('treats a partition someone else created meanwhile (AlreadyExists) as registered', async () => {
    await putObjects(lake, 'raw', hourly('access_events', '17', 3));
    const records = await receive();
    const real = registrationDependencies(lake).deps.catalog;
    // Another writer registers the partition between our lookup and our create.
    const racing: CatalogApi = {
      ...real,
      batchCreatePartition: async (input) => {
        await lake.glue.send(
          new CreatePartitionCommand({
            DatabaseName: RAW,
            TableName: 'access_events',
            PartitionInput: { Values: HOUR_17 },
          }),
        );
        return real.batchCreatePartition(input);
      },
    };
    const { deps, observed } = registrationDependencies(lake, { catalog: racing });

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(response.batchItemFailures).toEqual([]);
    expect(observed.metric('PartitionsRegistered')).toBe(0);
    expect(observed.metric('PartitionsAlreadyKnown', 'catalog')).toBe(1);
    expect(observed.logs.filter((log) => log.level === 'warn' || log.level === 'error')).toEqual(
      [],
    );
  });

  it('retries BatchCreatePartition through injected throttling and succeeds', async () => {
    await putObjects(lake, 'raw', hourly('access_events', '17', 2));
    const records = await receive();
    cloud().faults.inject({
      service: 'glue',
      operation: 'BatchCreatePartition',
      times: 2,
      error: { code: 'ThrottlingException', message: 'Rate exceeded', status: 400 },
    });
    const { deps } = registrationDependencies(lake);

    cloud().requests.clear();
    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(response.batchItemFailures).toEqual([]);
    expect(glueRequests(cloud()).BatchCreatePartition).toBe(3);
    expect(await catalogPartition(lake.glue, RAW, 'access_events', HOUR_17)).toBeDefined();
  });

  it('fails only the records of a partition whose throttling outlasts every attempt', async () => {
    await putObjects(lake, 'raw', hourly('access_events', '17', 2));
    const records = await receive();
    cloud().faults.inject({
      service: 'glue',
      operation: 'BatchCreatePartition',
      times: 4,
      error: { code: 'ThrottlingException', status: 400 },
    });
    const { deps, observed } = registrationDependencies(lake);

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(response.batchItemFailures).toHaveLength(2);
    expect(observed.logs.find((log) => log.level === 'warn')?.extra).toMatchObject({
      error: { name: 'CatalogRetriesExhaustedError' },
    });
  });

  it('fails only the records of the table that cannot take partitions; the others register', async () => {
    await lake.glue.send(new DeleteTableCommand({ DatabaseName: RAW, Name: 'interactions' }));
    await putObjects(lake, 'raw', [
      ...hourly('access_events', '17', 2),
      ...daily('interactions', 3),
    ]);
    const records = await receive();
    const { deps, observed } = registrationDependencies(lake);

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    const interactionIds = records
      .filter((record) => record.body.includes('interactions/'))
      .map((record) => record.messageId)
      .sort();
    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(
      interactionIds,
    );
    expect(interactionIds).toHaveLength(3);
    expect(await catalogPartition(lake.glue, RAW, 'access_events', HOUR_17)).toBeDefined();
    expect(observed.metric('PermanentFailures')).toBe(3);
    expect(observed.logs.filter((log) => log.level === 'error')).toHaveLength(1);
  });

  it('fails only one table’s records when its BatchCreatePartition is refused outright', async () => {
    await putObjects(lake, 'raw', hourly('access_events', '17', 2));
    await putObjects(lake, 'clean', hourly('access_events', '17', 2));
    const records = await receive();
    cloud().faults.inject({
      service: 'glue',
      operation: 'BatchCreatePartition',
      times: 1,
      error: { code: 'AccessDeniedException', status: 400 },
    });
    const { deps } = registrationDependencies(lake);

    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    const failedIds = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    const failedBuckets = new Set(
      records
        .filter((record) => failedIds.has(record.messageId))
        .map(
          (record) =>
            (JSON.parse(record.body) as { detail: { bucket: { name: string } } }).detail.bucket
              .name,
        ),
    );
    expect(failedIds.size).toBe(2);
    expect(failedBuckets.size).toBe(1);
    const registered = await Promise.all(
      [RAW, CLEAN].map((database) =>
        catalogPartition(lake.glue, database, 'access_events', HOUR_17),
      ),
    );
    expect(registered.filter(Boolean)).toHaveLength(1);
  });
});

describe('objects that register nothing', () => {
  it('keeps projected datasets out: the rule does not route web_logs, and the function skips it anyway', async () => {
    await putObjects(lake, 'raw', hourly('web_logs', '17', 1));
    const routed = await receive();
    // The transfer's rule does route web_logs (it is mirrored): a real event to hand over.
    const misrouted = await receiveRecords(lake.sqs, lake.transferQueueUrl);
    const { deps, observed } = registrationDependencies(lake);

    cloud().requests.clear();
    const response = await createBatchHandler(deps)(sqsEvent(misrouted), LAMBDA_CONTEXT);

    expect(routed).toEqual([]);
    expect(misrouted).toHaveLength(1);
    expect(response.batchItemFailures).toEqual([]);
    expect(observed.metric('Skipped', 'projected-partitions')).toBe(1);
    expect(glueRequests(cloud())).toEqual({});
    const { Partitions } = await lake.glue.send(
      new GetPartitionsCommand({ DatabaseName: RAW, TableName: 'web_logs' }),
    );
    expect(Partitions).toEqual([]);
  });

  it('skips what is no partition path, commit files and folder markers without failing them', async () => {
    await putObjects(lake, 'raw', [
      'access_events/_temporary/0/part-0001.parquet',
      'access_events/year=2026/month=03/day=08/part-0001.parquet',
      'access_events/year=2026/month=03/day=08/hour=17/',
    ]);
    const records = await receive();
    const { deps, observed } = registrationDependencies(lake);

    cloud().requests.clear();
    const response = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);

    expect(records).toHaveLength(3);
    expect(response.batchItemFailures).toEqual([]);
    expect(observed.metric('Skipped', 'hidden-file')).toBe(1);
    expect(observed.metric('Skipped', 'invalid-partition-path')).toBe(1);
    expect(observed.metric('Skipped', 'folder-marker')).toBe(1);
    expect(glueRequests(cloud())).toEqual({});
  });
});

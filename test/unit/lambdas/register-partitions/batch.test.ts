import type { Context, SQSRecord } from 'aws-lambda';
import { createBatchHandler, registerBatch } from '../../../../lambdas/register-partitions/batch';
import { bucketName } from '../../../../infra/platform';
import {
  CatalogCallError,
  CatalogRetriesExhaustedError,
  CatalogTableError,
  ForeignBucketError,
  InvalidEventError,
  InvalidPartitionValueError,
  PartitionRejectedError,
} from '../../../../lambdas/register-partitions/errors';
import { RegistrationTally } from '../../../../lambdas/register-partitions/tally';
import { OBJECT_DELETED, sqsRecord } from '../../../fixtures/events/s3-events';
import { SdkLikeError } from './fake-catalog';
import {
  createdRecord,
  lakeKey,
  PLATFORM,
  RAW_BUCKET,
  RAW_DATABASE,
  registrationDependencies,
} from './registration-fixtures';

const HOUR_17 = ['2026', '03', '08', '17'];
const HOUR_18 = ['2026', '03', '08', '18'];

/** `count` objects of `dataset` in hour `hour`, message ids `<prefix>-<n>`. */
function objects(dataset: string, hour: number, count: number, prefix = `${dataset}-${hour}`) {
  return Array.from({ length: count }, (_, index) =>
    createdRecord(lakeKey(dataset, hour, `part-${index}.parquet`), `${prefix}-${index}`),
  );
}

async function run(records: SQSRecord[], setup = registrationDependencies()) {
  const tally = new RegistrationTally();
  const failed = await registerBatch(records, setup.deps, tally);
  return { failed, tally, ...setup };
}

describe('registering a batch', () => {
  it('registers a new partition once for many objects, with the table’s descriptor and its own location', async () => {
    const { failed, tally, catalog } = await run(objects('access_events', 17, 500));

    expect(failed.size).toBe(0);
    const partition = catalog.partition(RAW_DATABASE, 'access_events', HOUR_17);
    const table = catalog.tables.get(`${RAW_DATABASE}.access_events`)!;
    expect(partition?.StorageDescriptor).toEqual({
      ...table.StorageDescriptor,
      Location: `s3://${RAW_BUCKET}/access_events/year=2026/month=03/day=08/hour=17/`,
    });
    expect(catalog.calls.map((call) => [call.operation, call.entries.length])).toEqual([
      ['BatchGetPartition', 1],
      ['GetTable', 0],
      ['BatchCreatePartition', 1],
    ]);
    expect(tally).toMatchObject({ records: 500, partitions: 1, registered: 1, glueCalls: 3 });
  });

  it('answers a second batch of known partitions from the container’s cache, without Glue calls', async () => {
    const setup = registrationDependencies();
    await run([...objects('access_events', 17, 3), ...objects('interactions', 17, 3)], setup);
    setup.catalog.calls.length = 0;

    const { failed, tally } = await run(
      [...objects('access_events', 17, 5, 'again'), ...objects('interactions', 17, 5, 'again2')],
      setup,
    );

    expect(failed.size).toBe(0);
    expect(setup.catalog.calls).toEqual([]);
    expect(tally).toMatchObject({ knownFromCache: 2, registered: 0, glueCalls: 0 });
  });

  it('creates nothing for partitions the catalog already has, and remembers them', async () => {
    const setup = registrationDependencies();
    setup.catalog.put(RAW_DATABASE, 'access_events', HOUR_17);

    const first = await run(objects('access_events', 17, 4), setup);
    const second = await run(objects('access_events', 17, 4, 'later'), setup);

    expect(setup.catalog.count('BatchCreatePartition')).toBe(0);
    expect(setup.catalog.count('GetTable')).toBe(0);
    expect(first.tally.knownFromCatalog).toBe(1);
    expect(second.tally).toMatchObject({ knownFromCache: 1, glueCalls: 0 });
  });

  it('counts a partition created by someone else meanwhile (AlreadyExists) as registered', async () => {
    const setup = registrationDependencies();
    setup.catalog.entryErrors.set(JSON.stringify(HOUR_17), ['AlreadyExistsException']);

    const { failed, tally } = await run(objects('access_events', 17, 2), setup);

    expect(failed.size).toBe(0);
    expect(tally).toMatchObject({ registered: 0, knownFromCatalog: 1 });
    expect(setup.deps.knownPartitions.size).toBe(1);
  });

  it('reads each table’s definition once per container', async () => {
    const setup = registrationDependencies();

    await run(objects('access_events', 17, 1), setup);
    await run(objects('access_events', 18, 1), setup);

    expect(setup.catalog.count('GetTable')).toBe(1);
    expect(setup.catalog.count('BatchCreatePartition')).toBe(2);
  });

  it('processes each table on its own: one lookup and one create per table', async () => {
    const { catalog, tally } = await run([
      ...objects('access_events', 17, 3),
      ...objects('interactions', 17, 3),
      ...objects('access_events', 18, 3),
    ]);

    expect(
      catalog.calls
        .filter((call) => call.operation !== 'GetTable')
        .map((call) => `${call.operation} ${call.table} ${call.entries.length}`)
        .sort(),
    ).toEqual([
      `BatchCreatePartition ${RAW_DATABASE}.access_events 2`,
      `BatchCreatePartition ${RAW_DATABASE}.interactions 1`,
      `BatchGetPartition ${RAW_DATABASE}.access_events 2`,
      `BatchGetPartition ${RAW_DATABASE}.interactions 1`,
    ]);
    expect(tally.registered).toBe(3);
  });
});

describe('chunking to the API limits', () => {
  /** One object in each of `count` distinct hourly partitions of access_events. */
  function distinctPartitions(count: number): SQSRecord[] {
    return Array.from({ length: count }, (_, index) => {
      const day = Math.floor(index / 24);
      const month = String(1 + Math.floor(day / 28)).padStart(2, '0');
      const dd = String(1 + (day % 28)).padStart(2, '0');
      const hh = String(index % 24).padStart(2, '0');
      return createdRecord(
        `access_events/year=2026/month=${month}/day=${dd}/hour=${hh}/p.parquet`,
        `m${index}`,
      );
    });
  }

  it('creates 250 new partitions in calls of 100, 100 and 50 after one lookup', async () => {
    const { catalog, tally } = await run(distinctPartitions(250));

    const sizes = (operation: string) =>
      catalog.calls.filter((c) => c.operation === operation).map((c) => c.entries.length);
    expect(sizes('BatchGetPartition')).toEqual([250]);
    expect(sizes('BatchCreatePartition')).toEqual([100, 100, 50]);
    expect(tally.registered).toBe(250);
  });

  it('looks up 1500 partitions in calls of 1000 and 500', async () => {
    const { catalog } = await run(distinctPartitions(1500));

    expect(
      catalog.calls.filter((c) => c.operation === 'BatchGetPartition').map((c) => c.entries.length),
    ).toEqual([1000, 500]);
    expect(catalog.count('BatchCreatePartition')).toBe(15);
  });
});

describe('throttling and failures', () => {
  it('retries entries throttled inside BatchCreatePartition, with backoff, until they are created', async () => {
    const setup = registrationDependencies();
    setup.catalog.entryErrors.set(JSON.stringify(HOUR_17), [
      'ThrottlingException',
      'ThrottlingException',
    ]);

    const { failed, tally } = await run(
      [...objects('access_events', 17, 2), ...objects('access_events', 18, 2)],
      setup,
    );

    expect(failed.size).toBe(0);
    expect(
      setup.catalog.calls
        .filter((c) => c.operation === 'BatchCreatePartition')
        .map((c) => c.entries.map((values) => values[3])),
    ).toEqual([['17', '18'], ['17'], ['17']]);
    expect(setup.observed.sleeps).toEqual([50, 100]);
    expect(tally.registered).toBe(2);
  });

  it('retries a BatchCreatePartition call that is throttled as a whole', async () => {
    const setup = registrationDependencies();
    setup.catalog.failNext.push(
      { operation: 'BatchCreatePartition', error: new SdkLikeError('ThrottlingException') },
      { operation: 'BatchCreatePartition', error: new SdkLikeError('ThrottlingException') },
    );

    const { failed } = await run(objects('access_events', 17, 3), setup);

    expect(failed.size).toBe(0);
    expect(setup.catalog.count('BatchCreatePartition')).toBe(3);
    expect(setup.catalog.has(RAW_DATABASE, 'access_events', HOUR_17)).toBe(true);
  });

  it('asks again for keys BatchGetPartition left unprocessed', async () => {
    const setup = registrationDependencies();
    setup.catalog.put(RAW_DATABASE, 'access_events', HOUR_17);
    setup.catalog.unprocessedOnNextGets = 1;

    const { tally } = await run(objects('access_events', 17, 1), setup);

    expect(setup.catalog.count('BatchGetPartition')).toBe(2);
    expect(setup.catalog.count('BatchCreatePartition')).toBe(0);
    expect(tally.knownFromCatalog).toBe(1);
  });

  it('fails exactly the records of a partition still throttled after every attempt', async () => {
    const setup = registrationDependencies(undefined, { maxAttempts: 3 });
    setup.catalog.entryErrors.set(
      JSON.stringify(HOUR_17),
      Array<string>(3).fill('ThrottlingException'),
    );

    const { failed, tally } = await run(
      [...objects('access_events', 17, 3), ...objects('access_events', 18, 2)],
      setup,
    );

    expect([...failed.keys()].sort()).toEqual([
      'access_events-17-0',
      'access_events-17-1',
      'access_events-17-2',
    ]);
    expect([...failed.values()][0]).toBeInstanceOf(CatalogRetriesExhaustedError);
    expect(setup.catalog.has(RAW_DATABASE, 'access_events', HOUR_18)).toBe(true);
    expect(setup.deps.knownPartitions.size).toBe(1);
    expect(tally).toMatchObject({ failures: 3, permanentFailures: 0, registered: 1 });
    expect(setup.observed.logs.filter((log) => log.level === 'warn')).toHaveLength(1);
  });

  it('fails only the records behind a partition the catalog rejects, as permanent', async () => {
    const setup = registrationDependencies();
    setup.catalog.entryErrors.set(JSON.stringify(HOUR_18), ['InvalidInputException']);

    const { failed, tally } = await run(
      [...objects('access_events', 17, 2), ...objects('access_events', 18, 2)],
      setup,
    );

    expect([...failed.keys()].sort()).toEqual(['access_events-18-0', 'access_events-18-1']);
    const error = failed.get('access_events-18-0');
    expect(error).toBeInstanceOf(PartitionRejectedError);
    expect((error as PartitionRejectedError).errorCode).toBe('InvalidInputException');
    expect(tally).toMatchObject({ failures: 2, permanentFailures: 2, registered: 1 });
    const errors = setup.observed.logs.filter((log) => log.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.extra).toMatchObject({ table: 'access_events', values: HOUR_18, records: 2 });
  });

  it('fails only the table whose BatchCreatePartition call fails outright', async () => {
    const setup = registrationDependencies();
    // Lookups succeed; the first create call (one table's) is refused.
    setup.catalog.failNext.push({
      operation: 'BatchCreatePartition',
      error: new SdkLikeError('AccessDeniedException'),
    });

    const { failed } = await run(
      [...objects('access_events', 17, 2), ...objects('interactions', 17, 2)],
      setup,
    );
    const failedTables = new Set([...failed.keys()].map((id) => id.split('-')[0]));

    expect(failed.size).toBe(2);
    expect(failedTables.size).toBe(1);
    expect([...failed.values()][0]).toBeInstanceOf(CatalogCallError);
    expect((([...failed.values()][0] as Error).cause as Error).name).toBe('AccessDeniedException');
  });

  it('fails the records of a table missing from the catalog, and only those', async () => {
    const setup = registrationDependencies();
    setup.catalog.tables.delete(`${RAW_DATABASE}.interactions`);

    const { failed } = await run(
      [...objects('access_events', 17, 1), ...objects('interactions', 17, 2)],
      setup,
    );

    expect([...failed.keys()].sort()).toEqual(['interactions-17-0', 'interactions-17-1']);
    expect(failed.get('interactions-17-0')).toBeInstanceOf(CatalogTableError);
    expect(failed.get('interactions-17-0')!.message).toContain('not in the catalog');
  });

  it('fails the records of a table partitioned differently from the definition', async () => {
    const setup = registrationDependencies();
    const table = setup.catalog.tables.get(`${RAW_DATABASE}.access_events`)!;
    setup.catalog.tables.set(`${RAW_DATABASE}.access_events`, {
      ...table,
      PartitionKeys: [{ Name: 'dt', Type: 'string' }],
    });

    const { failed, tally } = await run(objects('access_events', 17, 2), setup);

    expect(failed.get('access_events-17-0')).toBeInstanceOf(CatalogTableError);
    expect(failed.get('access_events-17-0')!.message).toContain('partitioned by (dt)');
    expect(tally.permanentFailures).toBe(2);
  });

  it('fails an unreadable record on its own, loudly, and registers the rest', async () => {
    const setup = registrationDependencies();
    const records = [sqsRecord('{"not":"s3"}', 'garbage'), ...objects('access_events', 17, 1)];

    const { failed, tally } = await run(records, setup);

    expect([...failed.keys()]).toEqual(['garbage']);
    expect(failed.get('garbage')).toBeInstanceOf(InvalidEventError);
    expect(tally).toMatchObject({ failures: 1, permanentFailures: 1, registered: 1 });
    expect(setup.observed.logs.find((log) => log.level === 'error')?.message).toContain('DLQ');
  });
});

describe('refusing', () => {
  it.each([
    [
      'a bucket of the same name in another account',
      bucketName(PLATFORM, 'raw', '210987654321', 'eu-west-1'),
    ],
    [
      'a bucket of the same name in another region',
      bucketName(PLATFORM, 'raw', '123456789012', 'us-west-2'),
    ],
    ['any other bucket', 'another-bucket'],
  ])('fails a record of %s loudly, and never points a partition at it', async (_case, bucket) => {
    const setup = registrationDependencies();
    const records = [
      createdRecord(lakeKey('access_events', 17), 'forged', bucket),
      ...objects('access_events', 18, 1),
    ];

    const { failed, tally } = await run(records, setup);

    expect([...failed.keys()]).toEqual(['forged']);
    expect(failed.get('forged')).toBeInstanceOf(ForeignBucketError);
    expect(tally).toMatchObject({ failures: 1, permanentFailures: 1, registered: 1 });
    const locations = [...setup.catalog.partitions.values()].map(
      (partition) => partition.StorageDescriptor?.Location,
    );
    expect(locations).toEqual([
      `s3://${RAW_BUCKET}/access_events/year=2026/month=03/day=08/hour=18/`,
    ]);
    const error = setup.observed.logs.find((log) => log.level === 'error');
    expect(error?.message).toContain('DLQ');
    expect(JSON.stringify(error?.extra)).toContain('of this deployment (account 123456789012');
  });

  it.each([
    ['access_events/year=2026/month=02/day=31/hour=17/p.parquet'],
    ['access_events/year=2026/month=04/day=31/hour=17/p.parquet'],
    ['access_events/year=2026/month=02/day=29/hour=17/p.parquet'],
    ['access_events/year=2026/month=13/day=01/hour=17/p.parquet'],
    ['access_events/year=2026/month=03/day=08/hour=24/p.parquet'],
  ])('fails the impossible date %p loudly instead of registering or skipping it', async (key) => {
    const setup = registrationDependencies();

    const { failed, tally } = await run([createdRecord(key, 'impossible')], setup);

    expect(failed.get('impossible')).toBeInstanceOf(InvalidPartitionValueError);
    expect(tally).toMatchObject({ failures: 1, permanentFailures: 1, registered: 0 });
    expect(setup.catalog.calls).toEqual([]);
  });
});

describe('skipping', () => {
  it('skips folder markers, unknown datasets, projected datasets, bad paths and deletes: they succeed', async () => {
    const setup = registrationDependencies();
    const records = [
      createdRecord('access_events/year=2026/', 'folder'),
      createdRecord('nobody/year=2026/x.parquet', 'unknown'),
      createdRecord(lakeKey('web_logs', 17), 'projected-1'),
      createdRecord(lakeKey('web_logs', 18), 'projected-2'),
      createdRecord('access_events/year=2026/month=03/day=08/x.parquet', 'bad-path'),
      sqsRecord(OBJECT_DELETED, 'deleted'),
    ];

    const { failed, tally } = await run(records, setup);

    expect(failed.size).toBe(0);
    expect(setup.catalog.calls).toEqual([]);
    expect(Object.fromEntries(tally.skipped)).toEqual({
      'folder-marker': 1,
      'unknown-dataset': 1,
      'projected-partitions': 2,
      'invalid-partition-path': 1,
      'not-object-created': 1,
    });
    const badPath = setup.observed.logs.find(
      (log) => (log.extra as { reason?: string }).reason === 'invalid-partition-path',
    );
    expect(badPath).toMatchObject({ level: 'warn' });
    expect(badPath!.extra).toMatchObject({ detail: 'partition key "hour" is missing' });
  });
});

describe('createBatchHandler', () => {
  const context = { functionName: 'register-partitions' } as Context;

  it('reports only failed records in batchItemFailures and publishes the metrics once', async () => {
    const setup = registrationDependencies();
    setup.catalog.entryErrors.set(JSON.stringify(HOUR_18), ['InvalidInputException']);
    let published = 0;
    const handler = createBatchHandler({ ...setup.deps, publishMetrics: () => (published += 1) });

    const response = await handler(
      {
        Records: [
          ...objects('access_events', 17, 2),
          ...objects('access_events', 18, 2),
          createdRecord(lakeKey('web_logs', 17), 'projected'),
        ],
      },
      context,
    );

    expect(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual([
      'access_events-18-0',
      'access_events-18-1',
    ]);
    expect(published).toBe(1);
    expect(setup.observed.metric('PartitionsRegistered')).toBe(1);
    expect(setup.observed.metric('GlueCalls')).toBe(3);
    expect(setup.observed.metric('Failures')).toBe(2);
    expect(setup.observed.metric('PermanentFailures')).toBe(2);
    expect(setup.observed.metric('Skipped', 'projected-partitions')).toBe(1);
    expect(setup.observed.metric('PartitionsAlreadyKnown', 'cache')).toBe(0);
  });

  it('answers a batch where every record failed as a partial response, not an error', async () => {
    const setup = registrationDependencies();
    const handler = createBatchHandler(setup.deps);

    const response = await handler(
      { Records: [sqsRecord('nope', 'a'), sqsRecord('{}', 'b')] },
      context,
    );

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'a' }, { itemIdentifier: 'b' }]);
  });

  it('counts the cache hits of a warm container', async () => {
    const setup = registrationDependencies();
    const handler = createBatchHandler(setup.deps);
    await handler({ Records: objects('access_events', 17, 2) }, context);

    await handler({ Records: objects('access_events', 17, 2, 'warm') }, context);

    expect(setup.observed.metric('PartitionsAlreadyKnown', 'cache')).toBe(1);
    expect(setup.observed.metric('GlueCalls')).toBe(3);
  });
});

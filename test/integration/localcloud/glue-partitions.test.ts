import {
  BatchCreatePartitionCommand,
  CreatePartitionCommand,
  DeletePartitionCommand,
  GetPartitionCommand,
  GlueClient,
  UpdatePartitionCommand,
} from '@aws-sdk/client-glue';
import { useLocalCloud } from '../../fixtures/localcloud';
import { DB, TABLE, createWebLogsTable, dayPartition, target } from './glue-fixtures';

const cloud = useLocalCloud();
const glue = () => new GlueClient(cloud().clientConfig);
const glueService = () => cloud().services.glue;

beforeEach(() => createWebLogsTable(glue()));

describe('Glue single-partition operations', () => {
  it('creates a partition and returns it as Glue does', async () => {
    const input = { ...dayPartition(1), Parameters: { source: 's3-event' } };

    await glue().send(new CreatePartitionCommand({ ...target, PartitionInput: input }));
    const { Partition } = await glue().send(
      new GetPartitionCommand({ ...target, PartitionValues: ['2026', '01', '01'] }),
    );

    expect(Partition).toMatchObject({
      Values: ['2026', '01', '01'],
      DatabaseName: DB,
      TableName: TABLE,
      StorageDescriptor: input.StorageDescriptor,
      Parameters: { source: 's3-event' },
      CatalogId: cloud().accountId,
    });
    expect(Partition?.CreationTime).toBeInstanceOf(Date);
  });

  it('stores no storage descriptor when the input gives none', async () => {
    await glue().send(
      new CreatePartitionCommand({ ...target, PartitionInput: { Values: ['2026', '02', '01'] } }),
    );

    const { Partition } = await glue().send(
      new GetPartitionCommand({ ...target, PartitionValues: ['2026', '02', '01'] }),
    );

    expect(Partition?.StorageDescriptor).toBeUndefined();
  });

  it('refuses a duplicate, a wrong value count and a missing table', async () => {
    await glue().send(new CreatePartitionCommand({ ...target, PartitionInput: dayPartition(1) }));

    await expect(
      glue().send(new CreatePartitionCommand({ ...target, PartitionInput: dayPartition(1) })),
    ).rejects.toMatchObject({
      name: 'AlreadyExistsException',
      message: 'Partition already exists.',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      glue().send(
        new CreatePartitionCommand({ ...target, PartitionInput: { Values: ['2026', '01'] } }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: 'The number of partition keys do not match the number of partition values',
    });
    await expect(
      glue().send(
        new CreatePartitionCommand({
          DatabaseName: DB,
          TableName: 'nope',
          PartitionInput: dayPartition(1),
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException', message: 'Table nope not found.' });
  });

  it('answers a missing partition with EntityNotFoundException', async () => {
    await expect(
      glue().send(new GetPartitionCommand({ ...target, PartitionValues: ['1999', '01', '01'] })),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException', message: 'Cannot find partition.' });
    await expect(
      glue().send(new DeletePartitionCommand({ ...target, PartitionValues: ['1999', '01', '01'] })),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException', message: 'Cannot find partition.' });
  });

  it('deletes a partition', async () => {
    await glue().send(new CreatePartitionCommand({ ...target, PartitionInput: dayPartition(1) }));

    await glue().send(
      new DeletePartitionCommand({ ...target, PartitionValues: ['2026', '01', '01'] }),
    );

    expect(glueService().partitionValues(DB, TABLE)).toEqual([]);
  });

  it('updates a partition in place and keeps its creation time', async () => {
    await glue().send(new CreatePartitionCommand({ ...target, PartitionInput: dayPartition(1) }));
    const before = await glue().send(
      new GetPartitionCommand({ ...target, PartitionValues: ['2026', '01', '01'] }),
    );

    await glue().send(
      new UpdatePartitionCommand({
        ...target,
        PartitionValueList: ['2026', '01', '01'],
        PartitionInput: { ...dayPartition(1), Parameters: { compacted: 'true' } },
      }),
    );
    const after = await glue().send(
      new GetPartitionCommand({ ...target, PartitionValues: ['2026', '01', '01'] }),
    );

    expect(after.Partition?.Parameters).toEqual({ compacted: 'true' });
    expect(after.Partition?.CreationTime).toEqual(before.Partition?.CreationTime);
    await expect(
      glue().send(
        new UpdatePartitionCommand({
          ...target,
          PartitionValueList: ['2026', '09', '09'],
          PartitionInput: dayPartition(9),
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException', message: 'Cannot find partition.' });
  });
});

describe('Glue persistence', () => {
  it('restores a snapshot taken of the catalog', async () => {
    await glue().send(
      new BatchCreatePartitionCommand({ ...target, PartitionInputList: [dayPartition(1)] }),
    );
    const state = JSON.parse(JSON.stringify(glueService().snapshot?.())) as unknown;

    cloud().reset();
    glueService().restore?.(state);
    const { Partition } = await glue().send(
      new GetPartitionCommand({ ...target, PartitionValues: ['2026', '01', '01'] }),
    );

    expect(Partition?.StorageDescriptor?.Location).toBe(
      's3://raw/web_logs/year=2026/month=01/day=01/',
    );
  });
});

import {
  BatchCreatePartitionCommand,
  BatchDeletePartitionCommand,
  BatchGetPartitionCommand,
  CreatePartitionCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { useLocalCloud } from '../../fixtures/localcloud';
import { DB, TABLE, createWebLogsTable, dayPartition, descriptor, target } from './glue-fixtures';

const cloud = useLocalCloud();
const glue = () => new GlueClient(cloud().clientConfig);
const glueService = () => cloud().services.glue;

beforeEach(() => createWebLogsTable(glue()));

describe('BatchCreatePartition', () => {
  it('creates 100 partitions in one call', async () => {
    const inputs = Array.from({ length: 100 }, (_, hour) => ({
      Values: [
        '2026',
        String(1 + Math.floor(hour / 28)).padStart(2, '0'),
        String(1 + (hour % 28)).padStart(2, '0'),
      ],
      StorageDescriptor: descriptor,
    }));

    const { Errors } = await glue().send(
      new BatchCreatePartitionCommand({ ...target, PartitionInputList: inputs }),
    );

    expect(Errors ?? []).toEqual([]);
    expect(glueService().partitionValues(DB, TABLE)).toHaveLength(100);
  });

  it('refuses 101 entries as a whole and creates none', async () => {
    const inputs = Array.from({ length: 101 }, (_, index) => ({
      Values: ['2026', '01', String(index)],
    }));

    await expect(
      glue().send(new BatchCreatePartitionCommand({ ...target, PartitionInputList: inputs })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /^1 validation error detected: Value '.*' at 'partitionInputList' failed to satisfy constraint: Member must have length less than or equal to 100$/,
      ),
      $metadata: { httpStatusCode: 400 },
    });
    expect(glueService().partitionValues(DB, TABLE)).toEqual([]);
  });

  it('reports existing and malformed entries in Errors and creates the rest', async () => {
    await glue().send(new CreatePartitionCommand({ ...target, PartitionInput: dayPartition(1) }));

    const { Errors } = await glue().send(
      new BatchCreatePartitionCommand({
        ...target,
        PartitionInputList: [
          dayPartition(1),
          dayPartition(2),
          { Values: ['2026', '01'] },
          dayPartition(3),
        ],
      }),
    );

    expect(Errors).toEqual([
      {
        PartitionValues: ['2026', '01', '01'],
        ErrorDetail: {
          ErrorCode: 'AlreadyExistsException',
          ErrorMessage: 'Partition already exists.',
        },
      },
      {
        PartitionValues: ['2026', '01'],
        ErrorDetail: {
          ErrorCode: 'InvalidInputException',
          ErrorMessage: 'The number of partition keys do not match the number of partition values',
        },
      },
    ]);
    expect(glueService().partitionValues(DB, TABLE)).toEqual([
      ['2026', '01', '01'],
      ['2026', '01', '02'],
      ['2026', '01', '03'],
    ]);
  });

  it('fails as a whole when the table does not exist', async () => {
    await expect(
      glue().send(
        new BatchCreatePartitionCommand({
          DatabaseName: 'nodb',
          TableName: TABLE,
          PartitionInputList: [dayPartition(1)],
        }),
      ),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Database nodb not found.',
    });
  });
});

describe('BatchGetPartition', () => {
  it('returns the partitions that exist and leaves the others out', async () => {
    await glue().send(
      new BatchCreatePartitionCommand({
        ...target,
        PartitionInputList: [dayPartition(1), dayPartition(3)],
      }),
    );

    const result = await glue().send(
      new BatchGetPartitionCommand({
        ...target,
        PartitionsToGet: [1, 2, 3].map((day) => ({ Values: dayPartition(day).Values })),
      }),
    );

    expect(result.Partitions?.map((p) => p.Values)).toEqual([
      ['2026', '01', '01'],
      ['2026', '01', '03'],
    ]);
    expect(result.Partitions?.[0]?.StorageDescriptor?.Location).toBe(
      's3://raw/web_logs/year=2026/month=01/day=01/',
    );
    expect(result.UnprocessedKeys ?? []).toEqual([]);
  });

  it('accepts 1000 keys and refuses 1001', async () => {
    const keys = (count: number) =>
      Array.from({ length: count }, (_, index) => ({ Values: ['2026', '01', String(index)] }));

    const accepted = await glue().send(
      new BatchGetPartitionCommand({ ...target, PartitionsToGet: keys(1000) }),
    );

    expect(accepted.Partitions).toEqual([]);
    await expect(
      glue().send(new BatchGetPartitionCommand({ ...target, PartitionsToGet: keys(1001) })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'partitionsToGet' failed to satisfy constraint: Member must have length less than or equal to 1000",
      ),
    });
  });
});

describe('BatchDeletePartition', () => {
  it('deletes what exists and reports what does not', async () => {
    await glue().send(
      new BatchCreatePartitionCommand({
        ...target,
        PartitionInputList: [dayPartition(1), dayPartition(2)],
      }),
    );

    const { Errors } = await glue().send(
      new BatchDeletePartitionCommand({
        ...target,
        PartitionsToDelete: [1, 5].map((day) => ({ Values: dayPartition(day).Values })),
      }),
    );

    expect(Errors).toEqual([
      {
        PartitionValues: ['2026', '01', '05'],
        ErrorDetail: {
          ErrorCode: 'EntityNotFoundException',
          ErrorMessage: 'Cannot find partition.',
        },
      },
    ]);
    expect(glueService().partitionValues(DB, TABLE)).toEqual([['2026', '01', '02']]);
  });

  it('refuses more than 25 entries', async () => {
    const keys = Array.from({ length: 26 }, (_, index) => ({
      Values: ['2026', '01', String(index)],
    }));

    await expect(
      glue().send(new BatchDeletePartitionCommand({ ...target, PartitionsToDelete: keys })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'partitionsToDelete' failed to satisfy constraint: Member must have length less than or equal to 25",
      ),
    });
  });
});

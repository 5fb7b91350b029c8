import {
  BatchCreatePartitionCommand,
  CreateDatabaseCommand,
  CreateTableCommand,
  GetPartitionsCommand,
  GlueClient,
  type Partition,
} from '@aws-sdk/client-glue';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const glue = () => new GlueClient(cloud().clientConfig);

const DB = 'raw';
const target = { DatabaseName: DB, TableName: 'access_events' };

/** year × month × day × hour partitions with string keys, as the platform lays them out. */
async function createHourlyTable(partitions: string[][]): Promise<void> {
  await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: DB } }));
  await glue().send(
    new CreateTableCommand({
      DatabaseName: DB,
      TableInput: {
        Name: 'access_events',
        PartitionKeys: ['year', 'month', 'day', 'hour'].map((Name) => ({ Name, Type: 'string' })),
        StorageDescriptor: {
          Columns: [{ Name: 'event_id', Type: 'string' }],
          Location: 's3://raw/access_events/',
        },
      },
    }),
  );
  for (let start = 0; start < partitions.length; start += 100) {
    await glue().send(
      new BatchCreatePartitionCommand({
        ...target,
        PartitionInputList: partitions.slice(start, start + 100).map((Values) => ({
          Values,
          StorageDescriptor: {
            Columns: [{ Name: 'event_id', Type: 'string' }],
            Location: `s3://raw/access_events/${Values.join('/')}/`,
          },
        })),
      }),
    );
  }
}

const HOURLY = ['2025', '2026'].flatMap((year) =>
  ['01', '02', '03', '04'].flatMap((month) =>
    ['01', '15'].flatMap((day) => ['00', '12', '23'].map((hour) => [year, month, day, hour])),
  ),
);

async function valuesMatching(expression: string): Promise<string[][]> {
  const { Partitions } = await glue().send(
    new GetPartitionsCommand({ ...target, Expression: expression }),
  );
  return (Partitions ?? []).map((partition: Partition) => partition.Values ?? []);
}

describe('GetPartitions with an Expression', () => {
  beforeEach(() => createHourlyTable(HOURLY));

  it('filters with AND and BETWEEN over string keys', async () => {
    const values = await valuesMatching("year = '2026' AND month BETWEEN '01' AND '03'");

    expect(values).toHaveLength(3 * 2 * 3);
    expect(
      values.every(([year, month]) => year === '2026' && ['01', '02', '03'].includes(month ?? '')),
    ).toBe(true);
  });

  it('filters with IN', async () => {
    const values = await valuesMatching("year = '2025' AND month = '02' AND hour IN ('00','23')");

    expect(values).toEqual([
      ['2025', '02', '01', '00'],
      ['2025', '02', '01', '23'],
      ['2025', '02', '15', '00'],
      ['2025', '02', '15', '23'],
    ]);
  });

  it('honours OR, NOT, parentheses and LIKE', async () => {
    const values = await valuesMatching(
      "(year = '2025' OR month LIKE '0_') AND NOT (day <> '15' OR hour >= '12') AND month IN ('04')",
    );

    expect(values).toEqual([
      ['2025', '04', '15', '00'],
      ['2026', '04', '15', '00'],
    ]);
  });

  it('refuses an unknown column and a malformed expression with InvalidInputException', async () => {
    await expect(valuesMatching("minute = '00'")).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: "Unknown column 'minute'",
      $metadata: { httpStatusCode: 400 },
    });
    await expect(valuesMatching("year = '2026' AND")).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringContaining('Expected'),
    });
  });

  it('returns every partition without an expression and can leave the column schema out', async () => {
    const withColumns = await glue().send(new GetPartitionsCommand({ ...target, MaxResults: 1 }));
    const without = await glue().send(
      new GetPartitionsCommand({ ...target, MaxResults: 1, ExcludeColumnSchema: true }),
    );

    expect(withColumns.Partitions?.[0]?.StorageDescriptor?.Columns).toEqual([
      { Name: 'event_id', Type: 'string' },
    ]);
    expect(without.Partitions?.[0]?.StorageDescriptor?.Columns).toBeUndefined();
    expect(without.Partitions?.[0]?.StorageDescriptor?.Location).toBe(
      's3://raw/access_events/2025/01/01/00/',
    );
  });

  it('pages a filtered result without losing or repeating partitions', async () => {
    const seen: string[][] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await glue().send(
        new GetPartitionsCommand({
          ...target,
          Expression: "hour <> '12'",
          MaxResults: 7,
          NextToken: nextToken,
        }),
      );
      seen.push(...(page.Partitions ?? []).map((partition) => partition.Values ?? []));
      nextToken = page.NextToken;
      pages += 1;
    } while (nextToken);

    expect(pages).toBe(5);
    expect(seen).toHaveLength(32);
    expect(new Set(seen.map((values) => values.join('/'))).size).toBe(32);
  });

  it('refuses a page size above 1000', async () => {
    await expect(
      glue().send(new GetPartitionsCommand({ ...target, MaxResults: 1001 })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
  });

  it('splits the partitions into disjoint segments', async () => {
    const segments = await Promise.all(
      [0, 1, 2].map((SegmentNumber) =>
        glue().send(
          new GetPartitionsCommand({ ...target, Segment: { SegmentNumber, TotalSegments: 3 } }),
        ),
      ),
    );

    const all = segments.flatMap((segment) =>
      (segment.Partitions ?? []).map((p) => (p.Values ?? []).join('/')),
    );
    expect(new Set(all).size).toBe(HOURLY.length);
    expect(all).toHaveLength(HOURLY.length);
  });
});

describe('GetPartitions typed by partition key', () => {
  beforeEach(async () => {
    await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: DB } }));
    await glue().send(
      new CreateTableCommand({
        DatabaseName: DB,
        TableInput: {
          Name: 'access_events',
          PartitionKeys: [
            { Name: 'bucket', Type: 'int' },
            { Name: 'dt', Type: 'date' },
          ],
        },
      }),
    );
    await glue().send(
      new BatchCreatePartitionCommand({
        ...target,
        PartitionInputList: [
          ['9', '2026-01-31'],
          ['10', '2026-02-01'],
          ['100', '2026-12-01'],
        ].map((Values) => ({ Values })),
      }),
    );
  });

  it('compares int keys as numbers and date keys as dates', async () => {
    const big = await valuesMatching('bucket > 9');
    const february = await valuesMatching("dt BETWEEN '2026-02-01' AND '2026-02-28'");

    expect(big).toEqual([
      ['10', '2026-02-01'],
      ['100', '2026-12-01'],
    ]);
    expect(february).toEqual([['10', '2026-02-01']]);
  });

  it('refuses LIKE on an int key and a literal that is not a date', async () => {
    await expect(valuesMatching("bucket LIKE '1%'")).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: "Integral data type doesn't support operation 'LIKE'",
    });
    await expect(valuesMatching("dt = '2026-02-30'")).rejects.toMatchObject({
      name: 'InvalidInputException',
    });
  });
});

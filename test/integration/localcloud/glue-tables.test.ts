import {
  CreateDatabaseCommand,
  CreatePartitionCommand,
  CreateTableCommand,
  DeleteTableCommand,
  GetPartitionCommand,
  GetTableCommand,
  GetTablesCommand,
  GlueClient,
  UpdateTableCommand,
} from '@aws-sdk/client-glue';
import { useLocalCloud } from '../../fixtures/localcloud';
import { accessEvents } from './glue-fixtures';

const cloud = useLocalCloud();
const glue = () => new GlueClient(cloud().clientConfig);

describe('Glue tables', () => {
  beforeEach(async () => {
    await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'curated' } }));
  });

  it('stores the table definition and returns it under a lower-case name', async () => {
    await glue().send(
      new CreateTableCommand({ DatabaseName: 'CURATED', TableInput: accessEvents }),
    );

    const { Table } = await glue().send(
      new GetTableCommand({ DatabaseName: 'curated', Name: 'access_events' }),
    );

    expect(Table).toMatchObject({
      Name: 'access_events',
      DatabaseName: 'curated',
      TableType: 'EXTERNAL_TABLE',
      Parameters: { classification: 'parquet' },
      PartitionKeys: accessEvents.PartitionKeys,
      StorageDescriptor: accessEvents.StorageDescriptor,
      CatalogId: cloud().accountId,
      VersionId: '0',
    });
    expect(Table?.CreateTime).toBeInstanceOf(Date);
  });

  it('refuses a table in a missing database and a duplicate table', async () => {
    await glue().send(
      new CreateTableCommand({ DatabaseName: 'curated', TableInput: accessEvents }),
    );

    await expect(
      glue().send(new CreateTableCommand({ DatabaseName: 'nowhere', TableInput: accessEvents })),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Database nowhere not found.',
    });
    await expect(
      glue().send(
        new CreateTableCommand({
          DatabaseName: 'curated',
          TableInput: { ...accessEvents, Name: 'ACCESS_EVENTS' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'AlreadyExistsException', message: 'Table already exists.' });
  });

  it('reports every missing required member at once', async () => {
    await expect(
      glue().send(
        new CreateTableCommand({
          DatabaseName: undefined,
          TableInput: { Name: undefined },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value null at 'databaseName' failed to satisfy constraint: Member must not be null; Value null at 'tableInput.name' failed to satisfy constraint: Member must not be null",
    });
  });

  it('filters GetTables by a Hive-style name pattern and pages the result', async () => {
    for (const name of ['web_logs', 'access_events', 'transactions', 'web_sessions'])
      await glue().send(
        new CreateTableCommand({
          DatabaseName: 'curated',
          TableInput: { ...accessEvents, Name: name },
        }),
      );

    const web = await glue().send(
      new GetTablesCommand({ DatabaseName: 'curated', Expression: 'web*' }),
    );
    const either = await glue().send(
      new GetTablesCommand({ DatabaseName: 'curated', Expression: 'access.*|trans*' }),
    );
    const firstPage = await glue().send(
      new GetTablesCommand({ DatabaseName: 'curated', MaxResults: 3 }),
    );
    const secondPage = await glue().send(
      new GetTablesCommand({
        DatabaseName: 'curated',
        MaxResults: 3,
        NextToken: firstPage.NextToken,
      }),
    );

    expect(web.TableList?.map((t) => t.Name)).toEqual(['web_logs', 'web_sessions']);
    expect(either.TableList?.map((t) => t.Name)).toEqual(['access_events', 'transactions']);
    expect(firstPage.TableList?.map((t) => t.Name)).toEqual([
      'access_events',
      'transactions',
      'web_logs',
    ]);
    expect(secondPage.TableList?.map((t) => t.Name)).toEqual(['web_sessions']);
    expect(secondPage.NextToken).toBeUndefined();
  });

  it('refuses GetTables on a missing database', async () => {
    await expect(
      glue().send(new GetTablesCommand({ DatabaseName: 'missing' })),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Database missing not found.',
    });
  });

  it('replaces the definition on UpdateTable and bumps the version', async () => {
    await glue().send(
      new CreateTableCommand({ DatabaseName: 'curated', TableInput: accessEvents }),
    );
    cloud().advanceClock(60_000);

    await glue().send(
      new UpdateTableCommand({
        DatabaseName: 'curated',
        TableInput: { ...accessEvents, Parameters: { classification: 'json' }, Description: 'v2' },
      }),
    );
    const { Table } = await glue().send(
      new GetTableCommand({ DatabaseName: 'curated', Name: 'access_events' }),
    );

    expect(Table).toMatchObject({
      Description: 'v2',
      Parameters: { classification: 'json' },
      VersionId: '1',
    });
    expect(
      (Table?.UpdateTime?.getTime() ?? 0) - (Table?.CreateTime?.getTime() ?? 0),
    ).toBeGreaterThanOrEqual(59_000);
  });

  it('refuses UpdateTable for a missing table or a stale VersionId', async () => {
    await glue().send(
      new CreateTableCommand({ DatabaseName: 'curated', TableInput: accessEvents }),
    );
    await glue().send(
      new UpdateTableCommand({ DatabaseName: 'curated', TableInput: accessEvents }),
    );

    await expect(
      glue().send(
        new UpdateTableCommand({
          DatabaseName: 'curated',
          TableInput: { ...accessEvents, Name: 'ghost' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException', message: 'Table ghost not found.' });
    await expect(
      glue().send(
        new UpdateTableCommand({
          DatabaseName: 'curated',
          TableInput: accessEvents,
          VersionId: '0',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConcurrentModificationException' });
  });

  it('deletes a table with its partitions', async () => {
    await glue().send(
      new CreateTableCommand({ DatabaseName: 'curated', TableInput: accessEvents }),
    );
    await glue().send(
      new CreatePartitionCommand({
        DatabaseName: 'curated',
        TableName: 'access_events',
        PartitionInput: { Values: ['2026', '01'] },
      }),
    );

    await glue().send(new DeleteTableCommand({ DatabaseName: 'curated', Name: 'Access_Events' }));
    await glue().send(
      new CreateTableCommand({ DatabaseName: 'curated', TableInput: accessEvents }),
    );

    await expect(
      glue().send(
        new GetPartitionCommand({
          DatabaseName: 'curated',
          TableName: 'access_events',
          PartitionValues: ['2026', '01'],
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityNotFoundException', message: 'Cannot find partition.' });
    await expect(
      glue().send(new DeleteTableCommand({ DatabaseName: 'curated', Name: 'ghost' })),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Table ghost not found.',
    });
  });
});

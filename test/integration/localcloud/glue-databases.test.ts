import {
  CreateDatabaseCommand,
  CreateTableCommand,
  DeleteDatabaseCommand,
  GetDatabaseCommand,
  GetDatabasesCommand,
  GetTableCommand,
  GlueClient,
} from '@aws-sdk/client-glue';
import { useLocalCloud } from '../../fixtures/localcloud';
import { accessEvents } from './glue-fixtures';

const cloud = useLocalCloud();
const glue = () => new GlueClient(cloud().clientConfig);

describe('Glue databases', () => {
  it('creates a database under its lower-case name and reads it back', async () => {
    await glue().send(
      new CreateDatabaseCommand({
        DatabaseInput: {
          Name: 'Lake_Curated',
          Description: 'curated zone',
          Parameters: { zone: 'curated' },
        },
      }),
    );

    const { Database } = await glue().send(new GetDatabaseCommand({ Name: 'LAKE_CURATED' }));

    expect(Database).toMatchObject({
      Name: 'lake_curated',
      Description: 'curated zone',
      Parameters: { zone: 'curated' },
      CatalogId: cloud().accountId,
    });
    expect(Database?.CreateTime).toBeInstanceOf(Date);
  });

  it('stamps CreateTime from the emulator clock', async () => {
    cloud().advanceClock(600_000);
    const expected = Date.now() + 600_000;

    await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'later' } }));
    const { Database } = await glue().send(new GetDatabaseCommand({ Name: 'later' }));

    expect(Math.abs((Database?.CreateTime?.getTime() ?? 0) - expected)).toBeLessThan(5_000);
  });

  it('refuses a second database with the same name in any case', async () => {
    await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'raw' } }));

    await expect(
      glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'RAW' } })),
    ).rejects.toMatchObject({
      name: 'AlreadyExistsException',
      message: 'Database already exists.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers a missing database with EntityNotFoundException', async () => {
    await expect(glue().send(new GetDatabaseCommand({ Name: 'nope' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Database nope not found.',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('validates names against the model', async () => {
    await expect(
      glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'x'.repeat(256) } })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /^1 validation error detected: .* at 'databaseInput\.name' failed to satisfy constraint: Member must have length less than or equal to 255$/,
      ),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('accepts its own account as CatalogId and refuses another', async () => {
    await glue().send(
      new CreateDatabaseCommand({ CatalogId: cloud().accountId, DatabaseInput: { Name: 'mine' } }),
    );

    await expect(
      glue().send(new GetDatabaseCommand({ CatalogId: '123456789012', Name: 'mine' })),
    ).rejects.toMatchObject({
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('pages through databases in name order', async () => {
    for (const name of ['d3', 'd1', 'd5', 'd2', 'd4'])
      await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: name } }));

    const first = await glue().send(new GetDatabasesCommand({ MaxResults: 2 }));
    const second = await glue().send(
      new GetDatabasesCommand({ MaxResults: 2, NextToken: first.NextToken }),
    );
    const third = await glue().send(
      new GetDatabasesCommand({ MaxResults: 2, NextToken: second.NextToken }),
    );

    expect(first.DatabaseList?.map((d) => d.Name)).toEqual(['d1', 'd2']);
    expect(second.DatabaseList?.map((d) => d.Name)).toEqual(['d3', 'd4']);
    expect(third.DatabaseList?.map((d) => d.Name)).toEqual(['d5']);
    expect(third.NextToken).toBeUndefined();
  });

  it('refuses a page size above 100', async () => {
    await expect(glue().send(new GetDatabasesCommand({ MaxResults: 101 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    });
  });

  it('deletes a database together with its tables', async () => {
    await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'scratch' } }));
    await glue().send(
      new CreateTableCommand({ DatabaseName: 'scratch', TableInput: accessEvents }),
    );

    await glue().send(new DeleteDatabaseCommand({ Name: 'Scratch' }));
    await glue().send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'scratch' } }));

    await expect(
      glue().send(new GetTableCommand({ DatabaseName: 'scratch', Name: 'access_events' })),
    ).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Table access_events not found.',
    });
    await expect(glue().send(new DeleteDatabaseCommand({ Name: 'gone' }))).rejects.toMatchObject({
      name: 'EntityNotFoundException',
      message: 'Database gone not found.',
    });
  });
});

import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
// localcloud verifies signatures against its own clock, which advanceClock moves for the rest
// of the file; clients sign with the same offset so that hour-long jumps stay within SigV4's
// 15-minute window.
let clockOffsetMs = 0;
const advanceClock = (ms: number) => {
  cloud().advanceClock(ms);
  clockOffsetMs += ms;
};
const dynamo = () =>
  new DynamoDBClient({ ...cloud().clientConfig, systemClockOffset: clockOffsetMs });

const onDemand = (name: string): CreateTableCommandInput => ({
  TableName: name,
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  BillingMode: 'PAY_PER_REQUEST',
});

const validation = (message: string) => ({
  name: 'ValidationException',
  message,
  $metadata: { httpStatusCode: 400 },
});

describe('DynamoDB tables', () => {
  it('creates an on-demand table that is ACTIVE at once and describes it', async () => {
    const created = await dynamo().send(new CreateTableCommand(onDemand('idempotency')));
    const described = await dynamo().send(new DescribeTableCommand({ TableName: 'idempotency' }));

    expect(created.TableDescription).toMatchObject({
      TableName: 'idempotency',
      TableStatus: 'ACTIVE',
    });
    expect(described.Table).toMatchObject({
      TableName: 'idempotency',
      TableStatus: 'ACTIVE',
      TableArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/idempotency',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
      ItemCount: 0,
    });
    expect(described.Table?.CreationDateTime).toBeInstanceOf(Date);
  });

  it('creates a provisioned table with a range key', async () => {
    const created = await dynamo().send(
      new CreateTableCommand({
        TableName: 'alerts',
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
        ],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 2 },
      }),
    );

    expect(created.TableDescription?.ProvisionedThroughput).toMatchObject({
      ReadCapacityUnits: 5,
      WriteCapacityUnits: 2,
    });
    expect(created.TableDescription?.BillingModeSummary).toBeUndefined();
  });

  it('refuses a second table with the same name', async () => {
    await dynamo().send(new CreateTableCommand(onDemand('dupes')));

    await expect(dynamo().send(new CreateTableCommand(onDemand('dupes')))).rejects.toMatchObject({
      name: 'ResourceInUseException',
      message: 'Table already exists: dupes',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    [
      'a too short name',
      { ...onDemand('ab') },
      "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3",
    ],
    [
      'a name with forbidden characters',
      { ...onDemand('bad name!') },
      "1 validation error detected: Value 'bad name!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ],
    [
      'throughput on an on-demand table',
      {
        ...onDemand('t1'.padEnd(3, 'x')),
        ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
      },
      'One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST',
    ],
    [
      'a provisioned table without throughput',
      { ...onDemand('prov'), BillingMode: undefined },
      'One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED',
    ],
    [
      'a key attribute without a definition',
      {
        ...onDemand('undefined-key'),
        AttributeDefinitions: [{ AttributeName: 'other', AttributeType: 'S' as const }],
      },
      'One or more parameter values were invalid: Some index key attributes are not defined in AttributeDefinitions. Keys: [id], AttributeDefinitions: [other]',
    ],
    [
      'a RANGE key first',
      {
        ...onDemand('range-first'),
        KeySchema: [{ AttributeName: 'id', KeyType: 'RANGE' as const }],
      },
      'Invalid KeySchema: The first KeySchemaElement is not a HASH key type',
    ],
    [
      'an attribute definition no key uses',
      {
        ...onDemand('extra-def'),
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: 'S' as const },
          { AttributeName: 'x', AttributeType: 'N' as const },
        ],
      },
      'One or more parameter values were invalid: Number of attributes in KeySchema does not exactly match number of attributes defined in AttributeDefinitions',
    ],
  ])('rejects %s', async (_case, input, message) => {
    await expect(dynamo().send(new CreateTableCommand(input))).rejects.toMatchObject(
      validation(message),
    );
  });

  it('lists tables in name order, page by page', async () => {
    for (const name of ['ccc', 'aaa', 'bbb']) {
      await dynamo().send(new CreateTableCommand(onDemand(name)));
    }

    const first = await dynamo().send(new ListTablesCommand({ Limit: 2 }));
    const second = await dynamo().send(
      new ListTablesCommand({ Limit: 2, ExclusiveStartTableName: first.LastEvaluatedTableName }),
    );

    expect(first).toMatchObject({ TableNames: ['aaa', 'bbb'], LastEvaluatedTableName: 'bbb' });
    expect(second.TableNames).toEqual(['ccc']);
    expect(second.LastEvaluatedTableName).toBeUndefined();
  });

  it('rejects a ListTables limit above 100', async () => {
    await expect(dynamo().send(new ListTablesCommand({ Limit: 101 }))).rejects.toMatchObject(
      validation(
        "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      ),
    );
  });

  it('deletes a table, after which it is not found', async () => {
    await dynamo().send(new CreateTableCommand(onDemand('gone')));

    const deleted = await dynamo().send(new DeleteTableCommand({ TableName: 'gone' }));

    expect(deleted.TableDescription?.TableStatus).toBe('DELETING');
    await expect(
      dynamo().send(new DescribeTableCommand({ TableName: 'gone' })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found: Table: gone not found',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(
      dynamo().send(new DeleteTableCommand({ TableName: 'gone' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('enables TTL, describes it, and refuses to enable it twice', async () => {
    await dynamo().send(new CreateTableCommand(onDemand('ttl-table')));
    const before = await dynamo().send(new DescribeTimeToLiveCommand({ TableName: 'ttl-table' }));

    const updated = await dynamo().send(
      new UpdateTimeToLiveCommand({
        TableName: 'ttl-table',
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      }),
    );
    const after = await dynamo().send(new DescribeTimeToLiveCommand({ TableName: 'ttl-table' }));

    expect(before.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    expect(updated.TimeToLiveSpecification).toEqual({ AttributeName: 'expiration', Enabled: true });
    expect(after.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiration',
    });
    await expect(
      dynamo().send(
        new UpdateTimeToLiveCommand({
          TableName: 'ttl-table',
          TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
        }),
      ),
    ).rejects.toMatchObject(validation('TimeToLive is already enabled'));
  });

  it('refuses a second TTL change within an hour, and allows it after', async () => {
    await dynamo().send(new CreateTableCommand(onDemand('ttl-churn')));
    const spec = (Enabled: boolean) =>
      new UpdateTimeToLiveCommand({
        TableName: 'ttl-churn',
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled },
      });
    await dynamo().send(spec(true));

    await expect(dynamo().send(spec(false))).rejects.toMatchObject(
      validation('Time to live has been modified multiple times within a fixed interval'),
    );
    advanceClock(60 * 60 * 1000);
    const disabled = await dynamo().send(spec(false));

    expect(disabled.TimeToLiveSpecification).toEqual({ AttributeName: 'ttl', Enabled: false });
  });

  it('refuses to disable TTL that is not enabled, and TTL on a missing table', async () => {
    await dynamo().send(new CreateTableCommand(onDemand('ttl-off')));

    await expect(
      dynamo().send(
        new UpdateTimeToLiveCommand({
          TableName: 'ttl-off',
          TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: false },
        }),
      ),
    ).rejects.toMatchObject(validation('TimeToLive is already disabled'));
    await expect(
      dynamo().send(new DescribeTimeToLiveCommand({ TableName: 'nope-table' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

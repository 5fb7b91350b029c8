import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const dynamo = () => new DynamoDBClient(cloud().clientConfig);
const TABLE = 'activity';
const OTHER = 'profiles';

const put = (customer: string, key: string, extra: Record<string, string> = {}): WriteRequest => ({
  PutRequest: {
    Item: {
      customer_id: { S: customer },
      activity_key: { S: key },
      ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, { S: value }])),
    },
  },
});

beforeEach(async () => {
  await dynamo().send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'customer_id', KeyType: 'HASH' },
        { AttributeName: 'activity_key', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'customer_id', AttributeType: 'S' },
        { AttributeName: 'activity_key', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await dynamo().send(
    new CreateTableCommand({
      TableName: OTHER,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

async function count(table: string): Promise<number> {
  const { Count } = await dynamo().send(new ScanCommand({ TableName: table, Select: 'COUNT' }));
  return Count ?? 0;
}

describe('DynamoDB BatchWriteItem', () => {
  it('puts and deletes over two tables in one call, leaving nothing unprocessed', async () => {
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: put('c1', 'old').PutRequest!.Item! }),
    );

    const answer = await dynamo().send(
      new BatchWriteItemCommand({
        RequestItems: {
          [TABLE]: [
            put('c1', '2026-12-05T10:00:00.000Z#t1', { product_id: 'p1' }),
            put('c2', '2026-12-05T10:00:01.000Z#t2'),
            { DeleteRequest: { Key: { customer_id: { S: 'c1' }, activity_key: { S: 'old' } } } },
          ],
          [OTHER]: [{ PutRequest: { Item: { id: { S: 'x' } } } }],
        },
      }),
    );

    expect(answer.UnprocessedItems).toEqual({});
    expect(await count(TABLE)).toBe(2);
    expect(await count(OTHER)).toBe(1);
    const { Item } = await dynamo().send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { customer_id: { S: 'c1' }, activity_key: { S: '2026-12-05T10:00:00.000Z#t1' } },
      }),
    );
    expect(Item?.product_id).toEqual({ S: 'p1' });
  });

  it('overwrites an item put again, as PutItem does', async () => {
    const key = '2026-12-05T10:00:00.000Z#t1';
    await dynamo().send(
      new BatchWriteItemCommand({ RequestItems: { [TABLE]: [put('c1', key, { kind: 'view' })] } }),
    );
    await dynamo().send(
      new BatchWriteItemCommand({ RequestItems: { [TABLE]: [put('c1', key, { kind: 'view' })] } }),
    );

    expect(await count(TABLE)).toBe(1);
  });

  it('refuses duplicate keys in one call and writes none of it', async () => {
    const call = dynamo().send(
      new BatchWriteItemCommand({
        RequestItems: { [TABLE]: [put('c1', 'k'), put('c2', 'k'), put('c1', 'k')] },
      }),
    );

    await expect(call).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Provided list of item keys contains duplicates',
    });
    expect(await count(TABLE)).toBe(0);
  });

  it('refuses more than 25 requests in one call, over all its tables', async () => {
    const many = Array.from({ length: 20 }, (_, index) => put('c1', `k${index}`));
    const others = Array.from({ length: 6 }, (_, index) => ({
      PutRequest: { Item: { id: { S: `o${index}` } } },
    }));

    await expect(
      dynamo().send(
        new BatchWriteItemCommand({ RequestItems: { [TABLE]: many, [OTHER]: others } }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Too many items requested for the BatchWriteItem call',
    });
    expect(await count(TABLE)).toBe(0);
  });

  it('refuses an item without its sort key, or a missing table, and writes nothing', async () => {
    await expect(
      dynamo().send(
        new BatchWriteItemCommand({
          RequestItems: {
            [TABLE]: [put('c1', 'k'), { PutRequest: { Item: { customer_id: { S: 'c2' } } } }],
          },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        'One or more parameter values were invalid: Missing the key activity_key in the item',
    });
    await expect(
      dynamo().send(new BatchWriteItemCommand({ RequestItems: { missing: [put('c1', 'k')] } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect(await count(TABLE)).toBe(0);
  });
});

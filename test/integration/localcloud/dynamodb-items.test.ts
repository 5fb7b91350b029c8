import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const dynamo = () => new DynamoDBClient(cloud().clientConfig);
const TABLE = 'idempotency';

const validation = (message: string) => ({
  name: 'ValidationException',
  message,
  $metadata: { httpStatusCode: 400 },
});

/** What the Powertools idempotency utility writes: put only if absent or expired. */
const claim = (id: string, expiration: number) =>
  new PutItemCommand({
    TableName: TABLE,
    Item: { id: { S: id }, status: { S: 'INPROGRESS' }, expiration: { N: String(expiration) } },
    ConditionExpression: 'attribute_not_exists(#id) OR #expiry < :now',
    ExpressionAttributeNames: { '#id': 'id', '#expiry': 'expiration' },
    ExpressionAttributeValues: { ':now': { N: String(Math.floor(Date.now() / 1000)) } },
  });

beforeEach(async () => {
  await dynamo().send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

describe('DynamoDB items', () => {
  it('lets the first conditional put win and fails the second', async () => {
    const expiration = Math.floor(Date.now() / 1000) + 3600;
    await dynamo().send(claim('event-1', expiration));

    const second = dynamo().send(claim('event-1', expiration));

    await expect(second).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    await expect(second).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      message: 'The conditional request failed',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('returns the current item with a failed condition when asked to', async () => {
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'a' }, v: { N: '1' } } }),
    );

    const failed = dynamo().send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { id: { S: 'a' } },
        ConditionExpression: 'attribute_not_exists(id)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );

    await expect(failed).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
      Item: { id: { S: 'a' }, v: { N: '1' } },
    });
  });

  it('stores every attribute type and returns numbers in canonical form', async () => {
    const item: Record<string, AttributeValue> = {
      id: { S: 'all-types' },
      n: { N: '0012.50' },
      big: { N: '12345678901234567890123456789012345678' },
      b: { B: Buffer.from('hello') },
      t: { BOOL: true },
      z: { NULL: true },
      m: { M: { inner: { L: [{ S: 'x' }, { N: '1' }] } } },
      ss: { SS: ['a', 'b'] },
      ns: { NS: ['1', '2.0'] },
      bs: { BS: [Buffer.from([1]), Buffer.from([2])] },
    };
    await dynamo().send(new PutItemCommand({ TableName: TABLE, Item: item }));

    const { Item } = await dynamo().send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { id: { S: 'all-types' } },
        ConsistentRead: true,
      }),
    );

    expect(Item).toEqual({
      ...item,
      n: { N: '12.5' },
      b: { B: new Uint8Array(Buffer.from('hello')) },
      ns: { NS: ['1', '2'] },
      bs: { BS: [new Uint8Array([1]), new Uint8Array([2])] },
    });
  });

  it('projects nested paths with ProjectionExpression', async () => {
    await dynamo().send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          id: { S: 'p' },
          doc: { M: { a: { L: [{ S: 'zero' }, { M: { c: { N: '3' }, d: { N: '4' } } }] } } },
          other: { S: 'hidden' },
        },
      }),
    );

    const { Item } = await dynamo().send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { id: { S: 'p' } },
        ProjectionExpression: '#d.a[1].c, id',
        ExpressionAttributeNames: { '#d': 'doc' },
      }),
    );

    expect(Item).toEqual({ id: { S: 'p' }, doc: { M: { a: { L: [{ M: { c: { N: '3' } } }] } } } });
  });

  it('returns no Item for a key that was never written', async () => {
    const result = await dynamo().send(
      new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'missing' } } }),
    );

    expect(result.Item).toBeUndefined();
  });

  it('returns the replaced item with ReturnValues ALL_OLD and refuses other values on PutItem', async () => {
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'r' }, v: { N: '1' } } }),
    );

    const replaced = await dynamo().send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { id: { S: 'r' }, v: { N: '2' } },
        ReturnValues: 'ALL_OLD',
      }),
    );

    expect(replaced.Attributes).toEqual({ id: { S: 'r' }, v: { N: '1' } });
    await expect(
      dynamo().send(
        new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'r' } }, ReturnValues: 'ALL_NEW' }),
      ),
    ).rejects.toMatchObject(validation('ReturnValues can only be ALL_OLD or NONE'));
  });

  it('deletes conditionally and returns the deleted item', async () => {
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'd' }, v: { N: '5' } } }),
    );

    await expect(
      dynamo().send(
        new DeleteItemCommand({
          TableName: TABLE,
          Key: { id: { S: 'd' } },
          ConditionExpression: 'v > :limit',
          ExpressionAttributeValues: { ':limit': { N: '10' } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    const deleted = await dynamo().send(
      new DeleteItemCommand({ TableName: TABLE, Key: { id: { S: 'd' } }, ReturnValues: 'ALL_OLD' }),
    );
    const after = await dynamo().send(
      new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'd' } } }),
    );

    expect(deleted.Attributes).toEqual({ id: { S: 'd' }, v: { N: '5' } });
    expect(after.Item).toBeUndefined();
  });

  it.each([
    [
      'a missing key attribute',
      { other: { S: 'x' } },
      'One or more parameter values were invalid: Missing the key id in the item',
    ],
    [
      'a key of the wrong type',
      { id: { N: '1' } },
      'One or more parameter values were invalid: Type mismatch for key id expected: S actual: N',
    ],
    [
      'an empty string key',
      { id: { S: '' } },
      'One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: id',
    ],
    [
      'a number with 39 significant digits',
      { id: { S: 'n' }, n: { N: '123456789012345678901234567890123456789' } },
      'Attempting to store more than 38 significant digits in a Number',
    ],
    [
      'a number above the supported range',
      { id: { S: 'n' }, n: { N: '1E+126' } },
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    ],
    [
      'an empty string set',
      { id: { S: 'n' }, s: { SS: [] } },
      'One or more parameter values were invalid: An string set  may not be empty',
    ],
    [
      'an item over 400 KB',
      { id: { S: 'big' }, payload: { S: 'x'.repeat(400 * 1024) } },
      'Item size has exceeded the maximum allowed size',
    ],
  ])('rejects PutItem with %s', async (_case, item, message) => {
    await expect(
      dynamo().send(new PutItemCommand({ TableName: TABLE, Item: item })),
    ).rejects.toMatchObject(validation(message));
  });

  it.each([
    ['a wrong key type', { id: { N: '1' } }],
    ['an extra key attribute', { id: { S: 'a' }, extra: { S: 'b' } }],
    ['no key attribute', { other: { S: 'a' } }],
  ])('rejects GetItem with %s', async (_case, key) => {
    await expect(
      dynamo().send(new GetItemCommand({ TableName: TABLE, Key: key })),
    ).rejects.toMatchObject(validation('The provided key element does not match the schema'));
  });

  it('answers ResourceNotFoundException for an item in a missing table', async () => {
    await expect(
      dynamo().send(new GetItemCommand({ TableName: 'no-such-table', Key: { id: { S: 'a' } } })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Requested resource not found',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('treats an item past its TTL as deleted: not returned, and claimable again', async () => {
    await dynamo().send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      }),
    );
    const expiration = Math.floor(Date.now() / 1000) + 60;
    await dynamo().send(claim('event-ttl', expiration));
    const beforeExpiry = await dynamo().send(
      new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'event-ttl' } } }),
    );

    cloud().advanceClock(2 * 60 * 1000);
    const afterExpiry = await dynamo().send(
      new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'event-ttl' } } }),
    );
    const reclaim = await dynamo().send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { id: { S: 'event-ttl' }, status: { S: 'INPROGRESS' } },
        ConditionExpression: 'attribute_not_exists(id)',
      }),
    );

    expect(beforeExpiry.Item?.status).toEqual({ S: 'INPROGRESS' });
    expect(afterExpiry.Item).toBeUndefined();
    expect(reclaim.$metadata.httpStatusCode).toBe(200);
  });

  it('keeps items whose TTL attribute is not a number', async () => {
    await dynamo().send(
      new UpdateTimeToLiveCommand({
        TableName: TABLE,
        TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      }),
    );
    await dynamo().send(
      new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'k' }, expiration: { S: '1' } } }),
    );

    const { Item } = await dynamo().send(
      new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'k' } } }),
    );

    expect(Item).toEqual({ id: { S: 'k' }, expiration: { S: '1' } });
  });

  it('refuses to update a key attribute', async () => {
    await expect(
      dynamo().send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { id: { S: 'u' } },
          UpdateExpression: 'SET id = :v',
          ExpressionAttributeValues: { ':v': { S: 'other' } },
        }),
      ),
    ).rejects.toMatchObject(
      validation(
        'One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key',
      ),
    );
  });
});

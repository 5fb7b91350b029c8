/**
 * BatchGetItem through the AWS SDK: several tables in one call, missing keys left out, a
 * projection, and DynamoDB's refusals (too many keys, a key twice, a key off the schema, an
 * unknown table).
 */
import {
  BatchGetItemCommand,
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const dynamo = () => new DynamoDBClient(cloud().clientConfig);

beforeEach(async () => {
  await dynamo().send(
    new CreateTableCommand({
      TableName: 'model',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await dynamo().send(
    new UpdateTimeToLiveCommand({
      TableName: 'model',
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
    }),
  );
  await dynamo().send(
    new CreateTableCommand({
      TableName: 'profiles',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const later = String(Math.floor(Date.now() / 1000) + 3600);
  for (const [pk, expires] of [
    ['product#P1', later],
    ['product#P2', later],
    ['product#expired', '1000'],
  ] as const) {
    await dynamo().send(
      new PutItemCommand({
        TableName: 'model',
        Item: {
          pk: { S: pk },
          sk: { S: '2026-03-06' },
          related: { L: [{ M: { product_id: { S: 'P9' }, score: { N: '0.5' } } }] },
          expires_at: { N: expires },
        },
      }),
    );
  }
  await dynamo().send(
    new PutItemCommand({
      TableName: 'profiles',
      Item: { id: { S: 'C1' }, country: { S: 'DE' } },
    }),
  );
});

const key = (pk: string) => ({ pk: { S: pk }, sk: { S: '2026-03-06' } });

describe('DynamoDB BatchGetItem', () => {
  it('reads keys of two tables in one call, leaving out the missing and the expired', async () => {
    const answer = await dynamo().send(
      new BatchGetItemCommand({
        RequestItems: {
          model: {
            Keys: [
              key('product#P2'),
              key('product#absent'),
              key('product#P1'),
              key('product#expired'),
            ],
            ProjectionExpression: '#pk, related',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
          profiles: { Keys: [{ id: { S: 'C1' } }] },
        },
      }),
    );

    expect(answer.Responses?.model?.map((item) => item.pk?.S).sort()).toEqual([
      'product#P1',
      'product#P2',
    ]);
    // The projection keeps what it names, and only that.
    expect(Object.keys(answer.Responses!.model![0]!).sort()).toEqual(['pk', 'related']);
    expect(answer.Responses?.profiles).toEqual([{ id: { S: 'C1' }, country: { S: 'DE' } }]);
    expect(answer.UnprocessedKeys).toEqual({});
  });

  it.each([
    [
      'more than 100 keys',
      { model: { Keys: Array.from({ length: 101 }, (_, index) => key(`product#${index}`)) } },
      'Too many items requested for the BatchGetItem call',
    ],
    [
      'a key twice',
      { model: { Keys: [key('product#P1'), key('product#P1')] } },
      'Provided list of item keys contains duplicates',
    ],
    [
      'a key without its sort key',
      { model: { Keys: [{ pk: { S: 'product#P1' } }] } },
      'The provided key element does not match the schema',
    ],
    [
      'no keys',
      { model: { Keys: [] } },
      expect.stringContaining('Member must have length greater than or equal to 1') as string,
    ],
  ])('refuses %s with a ValidationException', async (_what, requestItems, message) => {
    await expect(
      dynamo().send(new BatchGetItemCommand({ RequestItems: requestItems })),
    ).rejects.toMatchObject({ name: 'ValidationException', message });
  });

  it('refuses a table that does not exist', async () => {
    await expect(
      dynamo().send(
        new BatchGetItemCommand({ RequestItems: { absent: { Keys: [{ id: { S: 'x' } }] } } }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

import {
  CreateTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const dynamo = () => new DynamoDBClient(cloud().clientConfig);
const TABLE = 'alert-windows';

beforeEach(async () => {
  await dynamo().send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'source', KeyType: 'HASH' },
        { AttributeName: 'at', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'source', AttributeType: 'S' },
        { AttributeName: 'at', AttributeType: 'N' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (const [source, at, severity] of [
    ['glue', 30, 'high'],
    ['glue', 4, 'low'],
    ['glue', 100, 'high'],
    ['lambda', 7, 'high'],
  ] as const) {
    await dynamo().send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { source: { S: source }, at: { N: String(at) }, severity: { S: severity } },
      }),
    );
  }
});

describe('DynamoDB Query and Scan', () => {
  it('queries one partition in numeric range-key order, paging with Limit', async () => {
    const input = {
      TableName: TABLE,
      KeyConditionExpression: '#s = :s AND #at >= :from',
      ExpressionAttributeNames: { '#s': 'source', '#at': 'at' },
      ExpressionAttributeValues: { ':s': { S: 'glue' }, ':from': { N: '5' } },
      Limit: 1,
    };

    const first = await dynamo().send(new QueryCommand(input));
    const second = await dynamo().send(
      new QueryCommand({ ...input, ExclusiveStartKey: first.LastEvaluatedKey }),
    );

    expect(first.Items?.map((item) => item.at)).toEqual([{ N: '30' }]);
    expect(first.LastEvaluatedKey).toEqual({ source: { S: 'glue' }, at: { N: '30' } });
    expect(second.Items?.map((item) => item.at)).toEqual([{ N: '100' }]);
  });

  it('queries backwards and filters after reading', async () => {
    const result = await dynamo().send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: '#s = :s',
        FilterExpression: 'severity = :high',
        ExpressionAttributeNames: { '#s': 'source' },
        ExpressionAttributeValues: { ':s': { S: 'glue' }, ':high': { S: 'high' } },
        ScanIndexForward: false,
      }),
    );

    expect(result.Items?.map((item) => item.at)).toEqual([{ N: '100' }, { N: '30' }]);
    expect(result).toMatchObject({ Count: 2, ScannedCount: 3 });
  });

  it('rejects a key condition that skips the hash key', async () => {
    await expect(
      dynamo().send(
        new QueryCommand({
          TableName: TABLE,
          KeyConditionExpression: '#at = :at',
          ExpressionAttributeNames: { '#at': 'at' },
          ExpressionAttributeValues: { ':at': { N: '1' } },
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Query condition missed key schema element: source',
    });
  });

  it('survives a snapshot, reset and restore of the service state', async () => {
    const service = cloud().services.dynamodb;
    const saved = JSON.parse(JSON.stringify(service.snapshot!())) as unknown;

    service.reset();
    const afterReset = service.tableNames();
    service.restore!(saved);
    const restored = await dynamo().send(new ScanCommand({ TableName: TABLE }));

    expect(afterReset).toEqual([]);
    expect(restored.Count).toBe(4);
  });

  it('scans every item with a filter and counts', async () => {
    const result = await dynamo().send(
      new ScanCommand({
        TableName: TABLE,
        FilterExpression: 'severity = :high',
        ExpressionAttributeValues: { ':high': { S: 'high' } },
        Select: 'COUNT',
      }),
    );

    expect(result).toMatchObject({ Count: 3, ScannedCount: 4 });
    expect(result.Items).toBeUndefined();
  });
});

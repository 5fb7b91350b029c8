import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb';
import type { ActivityItem } from '../../../../infra/aws/facts/recommendations';
import {
  dynamoDbActivityPuts,
  fromAttributes,
  toAttributes,
} from '../../../../lambdas/record-activity/dynamodb-activity';

const TABLE = 'hybrid-lake-dev-recent-activity';
const bought: ActivityItem = {
  customer_id: 'C 1+%ü',
  activity_key: '2026-12-06T10:00:00.000Z#t-1',
  product_id: 'P1',
  kind: 'purchase',
  at: '2026-12-06T10:00:00.000Z',
  country: 'FR',
  expires_at: 1_767_607_200,
};
const viewed: ActivityItem = {
  customer_id: 'C2',
  activity_key: '2026-12-06T11:00:00.000Z#i-1',
  product_id: 'P2',
  kind: 'view',
  at: '2026-12-06T11:00:00.000Z',
  expires_at: 1_767_610_800,
};

describe('the activity table', () => {
  it('writes every attribute a string but expires_at, a number, and no country when none', () => {
    expect(toAttributes(bought)).toEqual({
      customer_id: { S: 'C 1+%ü' },
      activity_key: { S: '2026-12-06T10:00:00.000Z#t-1' },
      product_id: { S: 'P1' },
      kind: { S: 'purchase' },
      at: { S: '2026-12-06T10:00:00.000Z' },
      country: { S: 'FR' },
      expires_at: { N: '1767607200' },
    });
    expect(toAttributes(viewed)).not.toHaveProperty('country');
    expect(fromAttributes(toAttributes(bought))).toEqual(bought);
    expect(fromAttributes(toAttributes(viewed))).toEqual(viewed);
  });

  it('puts the items in one BatchWriteItem and reads back those left unprocessed', async () => {
    const sent: BatchWriteItemCommand[] = [];
    const client = {
      send: (command: BatchWriteItemCommand) => {
        sent.push(command);
        return Promise.resolve({
          UnprocessedItems: { [TABLE]: [{ PutRequest: { Item: toAttributes(viewed) } }] },
        });
      },
    } as unknown as DynamoDBClient;

    const unprocessed = await dynamoDbActivityPuts(client, TABLE)([bought, viewed]);

    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(BatchWriteItemCommand);
    expect(sent[0]!.input).toEqual({
      RequestItems: {
        [TABLE]: [
          { PutRequest: { Item: toAttributes(bought) } },
          { PutRequest: { Item: toAttributes(viewed) } },
        ],
      },
    });
    expect(unprocessed).toEqual([viewed]);
  });

  it('has nothing unprocessed when DynamoDB names no table', async () => {
    const client = { send: () => Promise.resolve({}) } as unknown as DynamoDBClient;

    await expect(dynamoDbActivityPuts(client, TABLE)([bought])).resolves.toEqual([]);
  });
});

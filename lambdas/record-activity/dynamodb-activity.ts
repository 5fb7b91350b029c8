/**
 * The recent-activity table behind `PutActivityItems`: one BatchWriteItem of plain puts, the
 * items written as DynamoDB attribute values (every attribute a string but `expires_at`, a
 * number), and the unprocessed ones read back into items for the retry.
 */
import {
  BatchWriteItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { ActivityItem } from '../../infra/aws/facts/recommendations';
import type { PutActivityItems } from './activity-writes';

type Item = Record<string, AttributeValue>;

export function toAttributes(item: ActivityItem): Item {
  return {
    customer_id: { S: item.customer_id },
    activity_key: { S: item.activity_key },
    product_id: { S: item.product_id },
    kind: { S: item.kind },
    at: { S: item.at },
    ...(item.country !== undefined && { country: { S: item.country } }),
    expires_at: { N: String(item.expires_at) },
  };
}

export function fromAttributes(attributes: Item): ActivityItem {
  const text = (name: string): string => attributes[name]?.S ?? '';
  const country = attributes.country?.S;
  return {
    customer_id: text('customer_id'),
    activity_key: text('activity_key'),
    product_id: text('product_id'),
    kind: text('kind'),
    at: text('at'),
    ...(country !== undefined && { country }),
    expires_at: Number(attributes.expires_at?.N),
  };
}

export function dynamoDbActivityPuts(client: DynamoDBClient, tableName: string): PutActivityItems {
  return async (items) => {
    const { UnprocessedItems } = await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [tableName]: items.map((item) => ({ PutRequest: { Item: toAttributes(item) } })),
        },
      }),
    );
    return (UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
      request.PutRequest?.Item ? [fromAttributes(request.PutRequest.Item)] : [],
    );
  };
}

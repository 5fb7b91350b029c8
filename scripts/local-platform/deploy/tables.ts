/**
 * DynamoDB tables as the CDK makes them, on localcloud: string keys, on demand, TTL on. (Keys,
 * encryption and point-in-time recovery have no local counterpart.)
 */
import {
  CreateTableCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import type { LocalCloud } from '@hybrid-lake/localcloud';

/** A table's key attributes and TTL attribute, as the facts of each table give them. */
interface TableLayout {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly ttlAttribute: string;
}

export async function createLocalTable(
  cloud: LocalCloud,
  tableName: string,
  layout: TableLayout,
): Promise<void> {
  const keys: KeySchemaElement[] = [{ AttributeName: layout.partitionKey, KeyType: 'HASH' }];
  if (layout.sortKey !== undefined) keys.push({ AttributeName: layout.sortKey, KeyType: 'RANGE' });
  const attributes: AttributeDefinition[] = keys.map((key) => ({
    AttributeName: key.AttributeName,
    AttributeType: 'S',
  }));
  const dynamodb = new DynamoDBClient(cloud.clientConfig);
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        KeySchema: keys,
        AttributeDefinitions: attributes,
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: layout.ttlAttribute, Enabled: true },
      }),
    );
  } finally {
    dynamodb.destroy();
  }
}

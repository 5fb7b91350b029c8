/**
 * The recommendation-model table as the export needs it, a port with one DynamoDB adapter: put a
 * batch of items (BatchWriteItem, what it left unprocessed comes back), and put the pointer.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SnapshotPointerItem } from '../../infra/aws/facts/recommendations';
import type { ModelItem } from './model-items';

/** What became of the pointer. */
export type PointerOutcome = 'moved' | 'kept-newer';

export interface ModelTable {
  /** One BatchWriteItem of at most 25 puts; the items DynamoDB left unprocessed. */
  putBatch(items: readonly ModelItem[]): Promise<readonly ModelItem[]>;
  /**
   * Points readers at a snapshot. With `keepNewer`, a pointer already on a later day stays
   * (`kept-newer`): the nightly run of an older day (a backfill) must not roll readers back.
   */
  putPointer(
    pointer: SnapshotPointerItem,
    options: { keepNewer: boolean },
  ): Promise<PointerOutcome>;
}

export function dynamoDbModelTable(client: DynamoDBDocumentClient, tableName: string): ModelTable {
  return {
    async putBatch(items) {
      const { UnprocessedItems } = await client.send(
        new BatchWriteCommand({
          RequestItems: { [tableName]: items.map((item) => ({ PutRequest: { Item: item } })) },
        }),
      );
      return (UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.PutRequest?.Item === undefined ? [] : [request.PutRequest.Item as ModelItem],
      );
    },
    async putPointer(pointer, { keepNewer }) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: pointer,
            // Days compare as text (YYYY-MM-DD).
            ...(keepNewer && {
              ConditionExpression: 'attribute_not_exists(#day) OR #day <= :day',
              ExpressionAttributeNames: { '#day': 'as_of_date' },
              ExpressionAttributeValues: { ':day': pointer.as_of_date },
            }),
          }),
        );
        return 'moved';
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return 'kept-newer';
        throw error;
      }
    },
  };
}

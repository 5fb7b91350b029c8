/**
 * The recommender's DynamoDB reads, each one call shape: the newest live activity of a user
 * (Query), one item (GetItem), and many items of the model table (BatchGetItem, at most 100 keys
 * a call, the keys DynamoDB leaves unprocessed asked again with the shared backoff, full jitter).
 * Any failure becomes a
 * `ModelReadError` naming the read; the client is told to retry (503).
 */
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type GetCommandOutput,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import {
  RECENT_ACTIVITY_TABLE,
  RECOMMENDATION_MODEL_TABLE,
} from '../../infra/aws/facts/recommendations';
import { backoffDelay, chunk, type RetryPolicy } from '../shared/backoff';
import { ModelReadError } from './errors';

/** The three DynamoDB calls, as a port: the document client in Lambda, fakes in unit tests. */
export interface DynamoDbReads {
  query(input: QueryCommandInput): Promise<QueryCommandOutput>;
  get(input: GetCommandInput): Promise<GetCommandOutput>;
  batchGet(input: BatchGetCommandInput): Promise<BatchGetCommandOutput>;
}

export function documentClientReads(client: DynamoDBDocumentClient): DynamoDbReads {
  return {
    query: (input) => client.send(new QueryCommand(input)),
    get: (input) => client.send(new GetCommand(input)),
    batchGet: (input) => client.send(new BatchGetCommand(input)),
  };
}

/** A model-table key: what an item describes, and the snapshot's date (or `current`). */
export interface ModelKey {
  readonly pk: string;
  readonly sk: string;
}

/** The key as DynamoDB names its attributes. */
function keyAttributes(key: ModelKey): Record<string, string> {
  return {
    [RECOMMENDATION_MODEL_TABLE.partitionKey]: key.pk,
    [RECOMMENDATION_MODEL_TABLE.sortKey]: key.sk,
  };
}

export type Item = Record<string, unknown>;

/** The most keys one BatchGetItem may ask for. */
const MAX_BATCH_GET_KEYS = 100;

async function reading<T>(what: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ModelReadError) throw error;
    throw new ModelReadError(`reading ${what} failed`, { cause: error });
  }
}

/**
 * A user's activity items newer than `since` (ISO 8601), newest first, at most `limit`. The sort
 * key starts with the event's time, so the key condition leaves expired items unread and the
 * limit counts only items within the window.
 */
export function queryRecentActivity(
  dynamodb: DynamoDbReads,
  tableName: string,
  request: { readonly userId: string; readonly since: string; readonly limit: number },
): Promise<Item[]> {
  return reading('the recent activity', async () => {
    const { Items } = await dynamodb.query({
      TableName: tableName,
      KeyConditionExpression: '#customer = :customer AND #key > :since',
      ExpressionAttributeNames: {
        '#customer': RECENT_ACTIVITY_TABLE.partitionKey,
        '#key': RECENT_ACTIVITY_TABLE.sortKey,
      },
      ExpressionAttributeValues: { ':customer': request.userId, ':since': request.since },
      ScanIndexForward: false,
      Limit: request.limit,
    });
    return Items ?? [];
  });
}

/** One model-table item, or undefined. */
export function getModelItem(
  dynamodb: DynamoDbReads,
  tableName: string,
  key: ModelKey,
): Promise<Item | undefined> {
  return reading(`${key.pk} ${key.sk}`, async () => {
    const { Item } = await dynamodb.get({ TableName: tableName, Key: keyAttributes(key) });
    return Item;
  });
}

/**
 * The items of `keys` that exist, in no particular order: one BatchGetItem per 100 keys, in
 * parallel. DynamoDB may answer part of a batch (throttling, 16 MB) and hand the rest back as
 * UnprocessedKeys; those are asked again, up to `retry.maxAttempts` calls in all, after waits
 * drawn at random below a doubling bound, so the requests a throttled partition turned away
 * together do not all come back at the same moment.
 */
export function batchGetModelItems(
  dynamodb: DynamoDbReads,
  tableName: string,
  keys: readonly ModelKey[],
  retry: RetryPolicy,
): Promise<Item[]> {
  const unique = [...new Map(keys.map((key) => [`${key.pk}\u0000${key.sk}`, key])).values()];
  return reading('the recommendation model', async () =>
    (
      await Promise.all(
        chunk(unique, MAX_BATCH_GET_KEYS).map((slice) =>
          batchGetChunk(dynamodb, tableName, slice, retry),
        ),
      )
    ).flat(),
  );
}

async function batchGetChunk(
  dynamodb: DynamoDbReads,
  tableName: string,
  keys: readonly ModelKey[],
  retry: RetryPolicy,
): Promise<Item[]> {
  const items: Item[] = [];
  let pending: Record<string, unknown>[] = keys.map(keyAttributes);
  for (let attempt = 1; ; attempt += 1) {
    const answer = await dynamodb.batchGet({ RequestItems: { [tableName]: { Keys: pending } } });
    items.push(...(answer.Responses?.[tableName] ?? []));
    pending = answer.UnprocessedKeys?.[tableName]?.Keys ?? [];
    if (pending.length === 0) return items;
    if (attempt >= retry.maxAttempts) {
      throw new ModelReadError(
        `DynamoDB left ${pending.length} key(s) of the recommendation model unprocessed after ${attempt - 1} retries`,
      );
    }
    await retry.sleep(backoffDelay(attempt - 1, retry));
  }
}

/** The model table's key of an item, for matching answers to what was asked. */
export function modelKeyOf(item: Item): ModelKey | undefined {
  const pk = item[RECOMMENDATION_MODEL_TABLE.partitionKey];
  const sk = item[RECOMMENDATION_MODEL_TABLE.sortKey];
  return typeof pk === 'string' && typeof sk === 'string' ? { pk, sk } : undefined;
}

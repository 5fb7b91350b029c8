/**
 * Sends whose fate is unknown, kept until the client's retry. A send that failed may still have
 * been stored: its answer can be lost after the broker appended the batch. Such a request is
 * answered 503 and retried by the client with the same Idempotency-Key, possibly in another
 * container. The retry sends each batch again under the identity it first had (producer id,
 * epoch, partition, first sequence), so the broker answers a stored batch with its offset
 * instead of storing it twice, and appends one it never got (producer-identity.ts).
 *
 * The identities are kept in the idempotency table, beside Powertools' records, under their own
 * key, for as long as a key is remembered. The broker keeps a producer's last batches for
 * `producer.id.expiration.ms` after its last write (a day by default): a retry later than that
 * is appended again, as it was before.
 */
import { createHash } from 'node:crypto';
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { IDEMPOTENCY_TABLE } from '../../infra/aws/facts/api';
import type { BatchIdentity } from './producer-identity';

/** One batch of an earlier attempt: its identity, and which of the request's records it held. */
export interface UnsettledBatch extends BatchIdentity {
  /** Positions in the request's records, in the batch's order. */
  readonly records: readonly number[];
}

/** What a failed attempt leaves for the retry. */
export interface UnsettledSend {
  /** The body's hash: a retry must carry the same records for the identities to mean anything. */
  readonly bodyHash: string;
  readonly batches: readonly UnsettledBatch[];
}

/** Whose request it was: the same three parts Powertools keys the request by. */
export interface RequestKey {
  readonly caller: string;
  readonly resource: string;
  readonly idempotencyKey: string;
}

export interface UnsettledSends {
  read(key: RequestKey): Promise<UnsettledSend | undefined>;
  keep(key: RequestKey, send: UnsettledSend): Promise<void>;
  forget(key: RequestKey): Promise<void>;
}

export function bodyHash(body: string): string {
  return createHash('sha256').update(body).digest('base64url');
}

/** The item's id, apart from Powertools' (`<function>#<md5>`). */
export function unsettledItemId(key: RequestKey): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([key.caller, key.resource, key.idempotencyKey]))
    .digest('base64url');
  return `unsettled#${digest}`;
}

const BATCHES = 'batches';
const BODY_HASH = 'body_hash';

export function dynamoUnsettledSends(
  client: DynamoDBClient,
  tableName: string,
  keepSeconds: number,
  now: () => number = Date.now,
): UnsettledSends {
  const keyOf = (key: RequestKey) => ({
    [IDEMPOTENCY_TABLE.partitionKey]: { S: unsettledItemId(key) },
  });
  return {
    async read(key) {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: keyOf(key), ConsistentRead: true }),
      );
      const hash = Item?.[BODY_HASH]?.S;
      const batches = Item?.[BATCHES]?.S;
      if (hash === undefined || batches === undefined) return undefined;
      // Expired items linger until DynamoDB's TTL sweep removes them.
      const expires = Number(Item?.[IDEMPOTENCY_TABLE.ttlAttribute]?.N);
      if (expires * 1000 <= now()) return undefined;
      return { bodyHash: hash, batches: JSON.parse(batches) as UnsettledBatch[] };
    },
    async keep(key, send) {
      await client.send(
        new PutItemCommand({
          TableName: tableName,
          Item: {
            ...keyOf(key),
            [BODY_HASH]: { S: send.bodyHash },
            [BATCHES]: { S: JSON.stringify(send.batches) },
            [IDEMPOTENCY_TABLE.ttlAttribute]: {
              N: String(Math.floor(now() / 1000) + keepSeconds),
            },
          },
        }),
      );
    },
    async forget(key) {
      await client.send(new DeleteItemCommand({ TableName: tableName, Key: keyOf(key) }));
    },
  };
}

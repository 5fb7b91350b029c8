/**
 * The dedupe windows in DynamoDB: one item per fingerprint (key `fingerprint`, TTL `expiresAt`),
 * changed only by conditional single-item writes, so each operation of the port is one request
 * whose condition is the operation's rule. `expiresAt` is epoch seconds, as DynamoDB TTL wants.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Alert } from './alert';
import type { DedupeWindows, OpenResult, WindowItem } from './dedupe-window';

/**
 * How long an item outlives its window. TTL is only the janitor: the flush removes reported
 * windows itself. A day gives a stalled flush schedule time to be noticed and fixed before an
 * unreported count could expire (AWS deletes expired items lazily, so usually later still).
 */
export const RETENTION_AFTER_WINDOW_SECONDS = 86_400;

const n = (value: number): AttributeValue => ({ N: String(value) });

function numberAt(item: Record<string, AttributeValue>, name: string): number {
  const value = item[name]?.N;
  if (value === undefined) throw new Error(`Dedupe item has no number "${name}"`);
  return Number(value);
}

export function windowItemOf(item: Record<string, AttributeValue>): WindowItem {
  const lease = item.leaseUntil?.N;
  return {
    fingerprint: item.fingerprint?.S ?? '',
    windowStart: numberAt(item, 'windowStart'),
    windowEnd: numberAt(item, 'windowEnd'),
    occurrences: numberAt(item, 'occurrences'),
    reported: numberAt(item, 'reported'),
    lastSeen: numberAt(item, 'lastSeen'),
    ...(lease !== undefined && { leaseUntil: Number(lease) }),
    alert: JSON.parse(item.alert?.S ?? '{}') as Alert,
  };
}

/** The item that opens a window with this occurrence, already counted as reported. */
export function openingItem(
  alert: Alert,
  now: number,
  windowMs: number,
): Record<string, AttributeValue> {
  const windowEnd = now + windowMs;
  return {
    fingerprint: { S: alert.fingerprint },
    windowStart: n(now),
    windowEnd: n(windowEnd),
    occurrences: n(1),
    reported: n(1),
    lastSeen: n(now),
    alert: { S: JSON.stringify(alert) },
    expiresAt: n(Math.ceil(windowEnd / 1000) + RETENTION_AFTER_WINDOW_SECONDS),
  };
}

function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}

export function dynamoDbDedupeWindows(client: DynamoDBClient, tableName: string): DedupeWindows {
  const keyOf = (fingerprint: string) => ({ fingerprint: { S: fingerprint } });

  return {
    async countRepeat(fingerprint, now) {
      try {
        const { Attributes } = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: keyOf(fingerprint),
            UpdateExpression: 'ADD occurrences :one SET lastSeen = :now',
            // Also false when the item is missing, so this never creates a half-made item.
            ConditionExpression: 'windowEnd > :now',
            ExpressionAttributeValues: { ':one': n(1), ':now': n(now) },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? windowItemOf(Attributes) : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async open(alert, now, windowMs): Promise<OpenResult> {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: openingItem(alert, now, windowMs),
            ConditionExpression:
              'attribute_not_exists(fingerprint) OR (windowEnd <= :now AND occurrences = reported AND attribute_not_exists(leaseUntil))',
            ExpressionAttributeValues: { ':now': n(now) },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return { opened: true, windowStart: now };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return { opened: false, ...(error.Item && { existing: windowItemOf(error.Item) }) };
      }
    },

    async undoOpening(fingerprint, windowStart) {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: keyOf(fingerprint),
            ConditionExpression: 'windowStart = :start AND occurrences = :one',
            ExpressionAttributeValues: { ':start': n(windowStart), ':one': n(1) },
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: keyOf(fingerprint),
            UpdateExpression: 'ADD occurrences :minusOne, reported :minusOne',
            ConditionExpression: 'windowStart = :start',
            ExpressionAttributeValues: { ':start': n(windowStart), ':minusOne': n(-1) },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async *closedBy(now) {
      let startKey: Record<string, AttributeValue> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: tableName,
            ConsistentRead: true,
            FilterExpression: 'windowEnd <= :now',
            ExpressionAttributeValues: { ':now': n(now) },
            ...(startKey && { ExclusiveStartKey: startKey }),
          }),
        );
        for (const raw of page.Items ?? []) yield windowItemOf(raw);
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    },

    async takeLease(item, now, leaseUntil) {
      try {
        const { Attributes } = await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: keyOf(item.fingerprint),
            UpdateExpression: 'SET leaseUntil = :until',
            ConditionExpression:
              'windowStart = :start AND windowEnd <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
            ExpressionAttributeValues: {
              ':start': n(item.windowStart),
              ':now': n(now),
              ':until': n(leaseUntil),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? windowItemOf(Attributes) : undefined;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async recordReported(item, count) {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(item.fingerprint),
          UpdateExpression: 'ADD reported :count REMOVE leaseUntil',
          ConditionExpression: 'windowStart = :start',
          ExpressionAttributeValues: { ':start': n(item.windowStart), ':count': n(count) },
        }),
      );
    },

    async releaseLease(item) {
      await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: keyOf(item.fingerprint),
          UpdateExpression: 'REMOVE leaseUntil',
          ConditionExpression: 'windowStart = :start',
          ExpressionAttributeValues: { ':start': n(item.windowStart) },
        }),
      );
    },

    async removeIfReported(item) {
      try {
        await client.send(
          new DeleteItemCommand({
            TableName: tableName,
            Key: keyOf(item.fingerprint),
            ConditionExpression:
              'windowStart = :start AND occurrences = reported AND attribute_not_exists(leaseUntil)',
            ExpressionAttributeValues: { ':start': n(item.windowStart) },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}

/**
 * The dedupe window of one fingerprint, as one DynamoDB item (key `fingerprint`, TTL
 * `expiresAt`). Only conditional single-item writes are used, so concurrent invocations agree
 * without locks or transactions:
 *
 * - a repeat is counted into an open window (`ADD occurrences`, condition `windowEnd > now`);
 * - the first occurrence opens a window (PutItem, condition: no item, or a closed window whose
 *   occurrences are all reported and that no one is reporting) and is published at once;
 * - a closed window with unreported repeats is reported by whoever takes its lease first
 *   (see window-close.ts), then removed.
 *
 * `occurrences − reported` is what the window still owes a summary. Times are epoch
 * milliseconds from the injected clock; `expiresAt` is epoch seconds, as DynamoDB TTL wants.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import type { Alert } from './alert';

/**
 * How long an item outlives its window. TTL is only the janitor: the flush removes reported
 * windows itself. A day gives a stalled flush schedule time to be noticed and fixed before an
 * unreported count could expire (AWS deletes expired items lazily, so usually later still).
 */
export const RETENTION_AFTER_WINDOW_SECONDS = 86_400;

export interface WindowStore {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  readonly windowMs: number;
}

export interface WindowItem {
  readonly fingerprint: string;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly occurrences: number;
  readonly reported: number;
  readonly lastSeen: number;
  readonly leaseUntil?: number;
  readonly alert: Alert;
}

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

/** Occurrences counted in the window and not yet in any published message. */
export function unreported(item: Pick<WindowItem, 'occurrences' | 'reported'>): number {
  return Math.max(0, item.occurrences - item.reported);
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

/** Counts a repeat into the open window; `undefined` when no window is open. */
export async function countRepeat(
  store: WindowStore,
  fingerprint: string,
  now: number,
): Promise<WindowItem | undefined> {
  try {
    const { Attributes } = await store.client.send(
      new UpdateItemCommand({
        TableName: store.tableName,
        Key: { fingerprint: { S: fingerprint } },
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
}

export type OpenResult =
  | { readonly opened: true; readonly windowStart: number }
  | { readonly opened: false; readonly existing?: WindowItem };

/**
 * Opens a window with this occurrence. Fails (with the item in the way) while a window is open,
 * while a closed one still owes a summary, or while someone holds the lease to report it.
 */
export async function openWindow(
  store: WindowStore,
  alert: Alert,
  now: number,
): Promise<OpenResult> {
  try {
    await store.client.send(
      new PutItemCommand({
        TableName: store.tableName,
        Item: openingItem(alert, now, store.windowMs),
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
}

/**
 * Takes back an opening occurrence whose publish failed, so the retried event is not counted
 * twice. Alone in its window, the window is removed and the retry opens a new one (and is
 * published at once); with repeats counted meanwhile, the occurrence leaves the reported count,
 * so the window's summary will carry the others. Returns false when the window changed under
 * it (the retry is then counted as a repeat: one too many, never one too few).
 */
export async function undoOpening(
  store: WindowStore,
  fingerprint: string,
  windowStart: number,
): Promise<boolean> {
  const Key = { fingerprint: { S: fingerprint } };
  try {
    await store.client.send(
      new DeleteItemCommand({
        TableName: store.tableName,
        Key,
        ConditionExpression: 'windowStart = :start AND occurrences = :one',
        ExpressionAttributeValues: { ':start': n(windowStart), ':one': n(1) },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  try {
    await store.client.send(
      new UpdateItemCommand({
        TableName: store.tableName,
        Key,
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
}

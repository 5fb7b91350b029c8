/**
 * Reporting closed windows. A window that closed with unreported repeats gets one summary
 * ("N more occurrences since …"), sent by whoever takes its lease first: the scheduled flush,
 * or a new occurrence that finds the old window in its way. The summary is published before
 * the count is marked reported, so a crash in between repeats a summary but never loses one;
 * the lease keeps two reporters from sending it twice in the normal case.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { unreported, windowItemOf, type WindowItem, type WindowStore } from './dedupe-window';
import { FlushIncompleteError } from './errors';
import type { Repeats } from './message';
import type { Publish } from './publish';

/** Longer than one SNS publish can take within the function's timeout; a crashed reporter's lease lapses after it. */
export const LEASE_MS = 60_000;

const n = (value: number): AttributeValue => ({ N: String(value) });

export type CloseResult = 'reported' | 'removed' | 'busy';

function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

export function repeatsOf(item: WindowItem): Repeats {
  return {
    count: unreported(item),
    since: new Date(item.windowStart).toISOString(),
    until: new Date(item.lastSeen).toISOString(),
  };
}

/** Removes a closed window whose every occurrence is reported; a no-op when that is no longer true. */
async function removeIfReported(store: WindowStore, item: WindowItem): Promise<void> {
  try {
    await store.client.send(
      new DeleteItemCommand({
        TableName: store.tableName,
        Key: { fingerprint: { S: item.fingerprint } },
        ConditionExpression:
          'windowStart = :start AND occurrences = reported AND attribute_not_exists(leaseUntil)',
        ExpressionAttributeValues: { ':start': n(item.windowStart) },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** The window with a lease taken on it (and its counts as of that moment), or undefined if someone else has it. */
async function takeLease(
  store: WindowStore,
  item: WindowItem,
  now: number,
): Promise<WindowItem | undefined> {
  try {
    const { Attributes } = await store.client.send(
      new UpdateItemCommand({
        TableName: store.tableName,
        Key: { fingerprint: { S: item.fingerprint } },
        UpdateExpression: 'SET leaseUntil = :until',
        ConditionExpression:
          'windowStart = :start AND windowEnd <= :now AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeValues: {
          ':start': n(item.windowStart),
          ':now': n(now),
          ':until': n(now + LEASE_MS),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? windowItemOf(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

async function settle(store: WindowStore, item: WindowItem, reportedNow: number): Promise<void> {
  await store.client.send(
    new UpdateItemCommand({
      TableName: store.tableName,
      Key: { fingerprint: { S: item.fingerprint } },
      UpdateExpression: 'ADD reported :count REMOVE leaseUntil',
      ConditionExpression: 'windowStart = :start',
      ExpressionAttributeValues: { ':start': n(item.windowStart), ':count': n(reportedNow) },
    }),
  );
}

async function releaseLease(store: WindowStore, item: WindowItem): Promise<void> {
  try {
    await store.client.send(
      new UpdateItemCommand({
        TableName: store.tableName,
        Key: { fingerprint: { S: item.fingerprint } },
        UpdateExpression: 'REMOVE leaseUntil',
        ConditionExpression: 'windowStart = :start',
        ExpressionAttributeValues: { ':start': n(item.windowStart) },
      }),
    );
  } catch {
    // Best effort: an unreleased lease lapses after LEASE_MS and the next flush reports it.
  }
}

/** Reports (if it owes a summary) and removes one closed window. */
export async function closeWindow(
  store: WindowStore,
  item: WindowItem,
  now: number,
  publish: Publish,
): Promise<CloseResult> {
  if (unreported(item) === 0 && item.leaseUntil === undefined) {
    await removeIfReported(store, item);
    return 'removed';
  }
  const leased = await takeLease(store, item, now);
  if (!leased) return 'busy';
  const count = unreported(leased);
  if (count > 0) {
    try {
      await publish({ kind: 'summary', alert: leased.alert, repeats: repeatsOf(leased) });
    } catch (error) {
      await releaseLease(store, leased);
      throw error;
    }
  }
  await settle(store, leased, count);
  await removeIfReported(store, leased);
  return count > 0 ? 'reported' : 'removed';
}

export interface FlushResult {
  readonly scanned: number;
  readonly summaries: number;
  readonly removed: number;
  readonly busy: number;
}

/**
 * The scheduled flush: every window closed by `now` is reported and removed. A window that
 * cannot be reported now stays for the next flush; the invocation then fails, so the failure
 * is seen (Errors alarm) as well as retried.
 */
export async function flushClosedWindows(
  store: WindowStore,
  now: number,
  publish: Publish,
  onError: (item: WindowItem, error: unknown) => void,
): Promise<FlushResult> {
  let scanned = 0;
  let summaries = 0;
  let removed = 0;
  let busy = 0;
  const failures: unknown[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await store.client.send(
      new ScanCommand({
        TableName: store.tableName,
        ConsistentRead: true,
        FilterExpression: 'windowEnd <= :now',
        ExpressionAttributeValues: { ':now': n(now) },
        ...(startKey && { ExclusiveStartKey: startKey }),
      }),
    );
    for (const raw of page.Items ?? []) {
      scanned += 1;
      const item = windowItemOf(raw);
      try {
        const result = await closeWindow(store, item, now, publish);
        if (result === 'reported') summaries += 1;
        else if (result === 'removed') removed += 1;
        else busy += 1;
      } catch (error) {
        failures.push(error);
        onError(item, error);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  if (failures.length > 0) {
    throw new FlushIncompleteError(failures.length, { cause: failures[0] });
  }
  return { scanned, summaries, removed, busy };
}

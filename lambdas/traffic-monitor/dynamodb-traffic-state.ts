/**
 * The monitor's state in one DynamoDB table (key `pk` S + `sk` S, TTL `expiresAt`):
 *   - a window per minute and topic: `pk` = the hour (`2026-12-05T03`), `sk` = the minute in
 *     it and the topic (`12#web-logs`), with its counts, per-partition offsets and record-id
 *     digests as JSON, and `version`. An hour's windows are one partition, so closing reads an hour in one Query;
 *   - the clock: `pk` = `sk` = `clock`, one `p:<topic>:<partition>` attribute per partition
 *     (latest event time), `firstMinute`, `version` and the closed state as JSON.
 * Only GetItem, PutItem, UpdateItem and Query are used, each single-item and conditional where
 * two writers could meet. Windows expire by TTL; the clock does not.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { MINUTE_MS } from './minute-tally';
import type { ClosedState, Clock, TrafficState, WindowKey } from './traffic-state';
import { emptyCounts, type StoredWindow, type WindowCounts } from './window-counts';

type Item = Record<string, AttributeValue>;

/** The clock's key: one item beside the windows. */
export const CLOCK_KEY: Item = { pk: { S: 'clock' }, sk: { S: 'clock' } };
const PROGRESS_PREFIX = 'p:';
const SEEN_PREFIX = 's:';

const n = (value: number): AttributeValue => ({ N: String(value) });

/** `2026-12-05T03`: the hour a minute's windows are kept under. */
export function hourKey(minute: number): string {
  return new Date(minute).toISOString().slice(0, 13);
}

/** `12#web-logs`: the minute within its hour, then the topic. */
function windowSortKey(minute: number, topic: string): string {
  return `${minuteOfHour(minute)}#${topic}`;
}

function minuteOfHour(minute: number): string {
  return new Date(minute).toISOString().slice(14, 16);
}

function storedWindowOf(item: Item): StoredWindow {
  return {
    version: Number(item.version?.N),
    offsets: JSON.parse(item.offsets?.S ?? '{}') as Record<string, number>,
    ids: JSON.parse(item.ids?.S ?? '[]') as string[],
    idsFull: item.idsFull?.BOOL === true,
    counts: countsOf(item.counts?.S),
  };
}

/** Stored counts, their maps without a prototype again (see `countMap`). */
function countsOf(text: string | undefined): WindowCounts {
  const counts = JSON.parse(text ?? 'null', (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.assign(Object.create(null) as object, value)
      : value,
  ) as WindowCounts | null;
  return counts ?? emptyCounts();
}

function clockOf(item: Item | undefined): Clock {
  const progress: Record<string, number> = {};
  const seen: Record<string, number> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (value.N === undefined) continue;
    if (name.startsWith(PROGRESS_PREFIX))
      progress[name.slice(PROGRESS_PREFIX.length)] = Number(value.N);
    else if (name.startsWith(SEEN_PREFIX)) seen[name.slice(SEEN_PREFIX.length)] = Number(value.N);
  }
  const closed = item?.closed?.S;
  return {
    progress,
    seen,
    startedAt: item?.startedAt?.N === undefined ? undefined : Number(item.startedAt.N),
    firstMinute: item?.firstMinute?.N === undefined ? undefined : Number(item.firstMinute.N),
    version: item?.version?.N === undefined ? 0 : Number(item.version.N),
    closed: closed === undefined ? undefined : (JSON.parse(closed) as ClosedState),
  };
}

function isConditionFailure(error: unknown): error is ConditionalCheckFailedException {
  return error instanceof ConditionalCheckFailedException;
}

/** The clock's version condition: `version` as read (absent counts as 0). */
function atVersion(version: number): {
  ConditionExpression: string;
  ExpressionAttributeValues: Item;
} {
  return version === 0
    ? {
        ConditionExpression: 'attribute_not_exists(version) OR version = :version',
        ExpressionAttributeValues: { ':version': n(0) },
      }
    : {
        ConditionExpression: 'version = :version',
        ExpressionAttributeValues: { ':version': n(version) },
      };
}

export function dynamoDbTrafficState(
  client: DynamoDBClient,
  tableName: string,
  retentionHours: number,
  now: () => number = Date.now,
): TrafficState {
  // Kept for the retention from when it is written, or from its minute if that is later: a
  // backlog of old minutes must not be written already expired.
  const expiresAt = (minute: number) =>
    n(Math.floor(Math.max(minute, now()) / 1000) + retentionHours * 3600);

  return {
    async readClock() {
      const { Item } = await client.send(
        new GetItemCommand({ TableName: tableName, Key: CLOCK_KEY, ConsistentRead: true }),
      );
      return clockOf(Item);
    },

    async readWindow(key: WindowKey) {
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: tableName,
          Key: { pk: { S: hourKey(key.minute) }, sk: { S: windowSortKey(key.minute, key.topic) } },
          ConsistentRead: true,
        }),
      );
      return Item ? storedWindowOf(Item) : undefined;
    },

    async writeWindow(key, next, previous) {
      try {
        await client.send(
          new PutItemCommand({
            TableName: tableName,
            Item: {
              pk: { S: hourKey(key.minute) },
              sk: { S: windowSortKey(key.minute, key.topic) },
              version: n(next.version),
              offsets: { S: JSON.stringify(next.offsets) },
              ids: { S: JSON.stringify(next.ids) },
              idsFull: { BOOL: next.idsFull },
              counts: { S: JSON.stringify(next.counts) },
              expiresAt: expiresAt(key.minute),
            },
            ...(previous
              ? {
                  ConditionExpression: 'version = :previous',
                  ExpressionAttributeValues: { ':previous': n(previous.version) },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async hourWindows(from, to) {
      const hourStart = from - (from % (60 * MINUTE_MS));
      const windows = new Map<number, StoredWindow[]>();
      let start: Item | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :hour AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: {
              ':hour': { S: hourKey(from) },
              ':from': { S: `${minuteOfHour(from)}#` },
              ':to': { S: `${minuteOfHour(to)}#\uffff` },
            },
            ConsistentRead: true,
            ...(start && { ExclusiveStartKey: start }),
          }),
        );
        for (const item of page.Items ?? []) {
          const minute = hourStart + Number(item.sk?.S?.slice(0, 2)) * MINUTE_MS;
          const list = windows.get(minute) ?? [];
          list.push(storedWindowOf(item));
          windows.set(minute, list);
        }
        start = page.LastEvaluatedKey;
      } while (start);
      return windows;
    },

    async recordProgress(progress, firstMinute, at) {
      const names: Record<string, string> = {};
      const values: Item = { ':now': n(at) };
      const sets: string[] = ['startedAt = if_not_exists(startedAt, :now)'];
      let index = 0;
      for (const [partition, time] of progress) {
        names[`#p${index}`] = `${PROGRESS_PREFIX}${partition}`;
        names[`#s${index}`] = `${SEEN_PREFIX}${partition}`;
        values[`:p${index}`] = n(time);
        sets.push(`#p${index} = :p${index}`, `#s${index} = :now`);
        index += 1;
      }
      if (firstMinute !== undefined) {
        values[':first'] = n(firstMinute);
        sets.push('firstMinute = if_not_exists(firstMinute, :first)');
      }
      const { Attributes } = await client.send(
        new UpdateItemCommand({
          TableName: tableName,
          Key: CLOCK_KEY,
          UpdateExpression: `SET ${sets.join(', ')}`,
          ...(index > 0 && { ExpressionAttributeNames: names }),
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return clockOf(Attributes);
    },

    async advanceClosed(version, closed) {
      const condition = atVersion(version);
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: CLOCK_KEY,
            UpdateExpression: 'SET closed = :closed, version = :next',
            ConditionExpression: condition.ConditionExpression,
            ExpressionAttributeValues: {
              ...condition.ExpressionAttributeValues,
              ':closed': { S: JSON.stringify(closed) },
              ':next': n(version + 1),
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async clearPendingAlerts(version, current) {
      // No read: the caller holds the closed state at `version`, and the condition holds it to it.
      const closed: ClosedState = { ...current, pendingAlerts: [] };
      try {
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: CLOCK_KEY,
            UpdateExpression: 'SET closed = :closed',
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: {
              ':closed': { S: JSON.stringify(closed) },
              ':version': n(version),
            },
          }),
        );
      } catch (error) {
        // Another closer moved on and carries the list: it puts those alerts again, and the
        // alert fabric counts the repeat instead of sending it.
        if (!isConditionFailure(error)) throw error;
      }
    },
  };
}

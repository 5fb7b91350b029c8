/**
 * The hot path: an MSK event's records read and grouped by event-time minute and topic (a
 * "slice"), each record with its partition and offset. Nothing is counted yet: a slice is counted against
 * what its window already holds (`window-counts.ts`), so a redelivered record is counted once.
 * A web log may arrive as its columns or as its text line (`log-line.ts`). A value that is not
 * a JSON object or has no readable event time is malformed: counted and
 * reported by position, never fatal (the lake keeps it under `_rejected/`).
 */
import { InvalidKafkaEventError } from './errors';
import { createHash } from 'node:crypto';
import { RAW_LINE_FIELD, logLineIdText, readLogLine } from './log-line';

export const MINUTE_MS = 60_000;

/** Which of the monitored feeds a topic carries, and the columns read from it. */
export interface MonitoredTopic {
  readonly name: string;
  readonly role: 'requests' | 'audience';
  /** The dataset's event-time column (`request_time`, `event_time`). */
  readonly eventTimeColumn: string;
  /** The dataset's record-id column (`request_id`, `event_id`): a record sent twice counts once. */
  readonly recordIdColumn: string;
}

/** What a record contributes: a request's client, or an access's device, content type and country. */
export type SliceEntry = {
  readonly partition: number;
  readonly offset: number;
  /** A short digest of the record's id (undefined when it has none): duplicates count once. */
  readonly id: string | undefined;
} & (
  | { readonly client: string }
  | {
      readonly device: string;
      readonly contentType: string;
      readonly country: string;
    }
);

/** The records of one minute from one topic, in offset order within each partition. */
export interface Slice {
  readonly minute: number;
  readonly topic: string;
  readonly role: MonitoredTopic['role'];
  readonly entries: SliceEntry[];
}

export interface MalformedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly reason: string;
}

export interface BatchTally {
  readonly slices: Slice[];
  /** Latest event time per `topic:partition` in this batch (malformed records left out). */
  readonly progress: Map<string, number>;
  /**
   * The earliest minute a request of the batch belongs to (the monitor's history starts at the
   * first request it sees, as the warehouse query's starts at the first minute it reads).
   */
  readonly earliestMinute: number | undefined;
  readonly malformed: MalformedRecord[];
  readonly records: number;
}

/** `web-logs:3`: how a partition is named in the clock's progress. */
export function partitionName(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/** The Lambda MSK record fields the tally reads. */
interface KafkaRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly value?: string | null;
}

/**
 * How far past the wall clock an event time may lie: a producer's clock a little fast is
 * tolerated; a record dated hours ahead would carry the watermark past every minute still
 * coming, so it is malformed.
 */
const FUTURE_TOLERANCE_MS = 15 * MINUTE_MS;

/** Reads an MSK event (`records` keyed `topic-partition`). @throws InvalidKafkaEventError */
export function tallyBatch(
  event: unknown,
  topics: readonly MonitoredTopic[],
  now: number,
): BatchTally {
  const groups = recordGroups(event);
  const byName = new Map(topics.map((topic) => [topic.name, topic]));
  const slices = new Map<string, Slice>();
  const progress = new Map<string, number>();
  const malformed: MalformedRecord[] = [];
  let earliestMinute: number | undefined;
  let records = 0;

  for (const [groupKey, group] of groups) {
    if (!Array.isArray(group)) {
      throw new InvalidKafkaEventError(`records["${groupKey}"] is not a list of records`);
    }
    let open: Slice | undefined;
    let previousOffset = -1;
    for (const record of group as KafkaRecord[]) {
      records += 1;
      const topic = topicOf(record, groupKey, byName);
      if (record.offset <= previousOffset) {
        throw new InvalidKafkaEventError(
          `records["${groupKey}"] is not in offset order (${record.offset} after ${previousOffset})`,
        );
      }
      previousOffset = record.offset;
      let read = readValue(record.value, topic);
      if (typeof read !== 'string' && read.time > now + FUTURE_TOLERANCE_MS)
        read = `event time more than ${FUTURE_TOLERANCE_MS / MINUTE_MS} minutes ahead of the clock`;
      if (typeof read === 'string') {
        malformed.push({
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          reason: read,
        });
        continue;
      }
      const minute = read.time - (read.time % MINUTE_MS);
      if (topic.role === 'requests' && (earliestMinute === undefined || minute < earliestMinute))
        earliestMinute = minute;
      const name = partitionName(record.topic, record.partition);
      const latest = progress.get(name);
      if (latest === undefined || read.time > latest) progress.set(name, read.time);
      if (open?.minute !== minute || open.topic !== record.topic) {
        const sliceKey = `${minute}|${record.topic}`;
        open = slices.get(sliceKey);
        if (!open) {
          open = { minute, topic: record.topic, role: topic.role, entries: [] };
          slices.set(sliceKey, open);
        }
      }
      open.entries.push({
        partition: record.partition,
        offset: record.offset,
        id: read.id,
        ...read.entry,
      });
    }
  }
  return { slices: [...slices.values()], progress, earliestMinute, malformed, records };
}

function recordGroups(event: unknown): [string, unknown][] {
  if (typeof event !== 'object' || event === null) {
    throw new InvalidKafkaEventError('the event is not an object');
  }
  const { eventSource, records } = event as { eventSource?: unknown; records?: unknown };
  if (eventSource !== 'aws:kafka') {
    throw new InvalidKafkaEventError(
      `eventSource must be "aws:kafka"; got ${JSON.stringify(eventSource) ?? 'nothing'}`,
    );
  }
  if (typeof records !== 'object' || records === null || Array.isArray(records)) {
    throw new InvalidKafkaEventError('records must be an object keyed by topic-partition');
  }
  return Object.entries(records);
}

function topicOf(
  record: KafkaRecord,
  groupKey: string,
  byName: ReadonlyMap<string, MonitoredTopic>,
): MonitoredTopic {
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.topic !== 'string' ||
    !Number.isInteger(record.partition) ||
    !Number.isSafeInteger(record.offset)
  ) {
    throw new InvalidKafkaEventError(
      `a record of records["${groupKey}"] lacks its topic, partition or offset`,
    );
  }
  const topic = byName.get(record.topic);
  if (!topic) {
    throw new InvalidKafkaEventError(
      `topic "${record.topic}" is not monitored (monitored: ${[...byName.keys()].join(', ')})`,
    );
  }
  return topic;
}

type ReadValue =
  | {
      time: number;
      id: string | undefined;
      entry: { client: string } | { device: string; contentType: string; country: string };
    }
  | string;

/** The record's event time and contribution, or why it is malformed. */
function readValue(value: string | null | undefined, topic: MonitoredTopic): ReadValue {
  if (typeof value !== 'string' || value === '') return 'no value';
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return 'not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return 'not a JSON object';
  }
  const fields = parsed as Record<string, unknown>;
  const timeText = fields[topic.eventTimeColumn];
  // A web log line wrapped as text carries its time and client inside the line.
  const line = fields[RAW_LINE_FIELD];
  if (
    (timeText === undefined || timeText === null) &&
    topic.role === 'requests' &&
    typeof line === 'string'
  ) {
    const read = readLogLine(line);
    return read
      ? { time: read.time, id: digest(logLineIdText(line)), entry: { client: read.client } }
      : `no readable time in ${RAW_LINE_FIELD}`;
  }
  const time = typeof timeText === 'string' ? Date.parse(timeText) : Number.NaN;
  if (!Number.isFinite(time)) return `no readable ${topic.eventTimeColumn}`;
  const idText = fields[topic.recordIdColumn];
  const id = typeof idText === 'string' && idText !== '' ? digest(idText) : undefined;
  if (topic.role === 'requests') return { time, id, entry: { client: text(fields.client_ip) } };
  return {
    time,
    id,
    entry: {
      device: text(fields.device),
      contentType: text(fields.content_type),
      country: text(fields.country),
    },
  };
}

/** A dimension value as counted: the string itself, or `unknown` when absent or not text. */
function text(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : 'unknown';
}

/**
 * The first 12 hex digits of the id's SHA-256: enough to tell a minute's records apart (a
 * chance collision among 10,000 is about 2e-7), at a fifth of a UUID's size in the window.
 */
export function digest(id: string): string {
  return createHash('sha256').update(id).digest('hex').slice(0, 12);
}

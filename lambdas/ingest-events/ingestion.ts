/**
 * The ingestion core: checks each record against its dataset's columns (from the platform
 * definition), gives a record without an id one, and hands the topic's messages to Kafka. A
 * request is accepted whole or refused whole: a batch with one bad record puts nothing on the
 * topic, so the client can fix and resend it without producing the good ones twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  messageHeaders,
  recordProblems,
  requiredOfApiClients,
  topicDataset,
  topicMessage,
  type IngestionRoute,
  type MessageHeaders,
  type Platform,
  type SourceDataset,
  type Topic,
  type TopicMessage,
} from '../../infra/platform';
import { RequestRejectedError, type FieldError } from './errors';
import type { IngestionRequest, SentRecord } from './request';

/** Where one route's records go, worked out once per container. */
export interface IngestionTarget {
  readonly topic: Topic;
  readonly dataset: SourceDataset;
  readonly headers: MessageHeaders;
  readonly required: ReadonlySet<string>;
}

export function ingestionTarget(platform: Platform, route: IngestionRoute): IngestionTarget {
  const topic = platform.topics.find((candidate) => candidate.name === route.topic);
  // loadPlatform has checked that every route names a topic.
  if (!topic) throw new Error(`the marketplace API route ${route.resource} names no topic`);
  const dataset = topicDataset(platform, topic);
  return {
    topic,
    dataset,
    headers: messageHeaders(dataset),
    required: requiredOfApiClients(dataset, topic),
  };
}

/** What the API answers once Kafka has every record. */
export interface Accepted {
  readonly accepted: number;
  /** The records' ids, in the order sent: the client's own, or the ones the API gave. */
  readonly ids: readonly string[];
}

export interface PreparedRecords {
  readonly ids: readonly string[];
  readonly messages: readonly TopicMessage[];
}

/**
 * The request's messages, or a refusal naming every bad field. A record without an id gets one:
 * derived from the caller, route and Idempotency-Key when there is one, so a retry that produces
 * again (after a failure Kafka may have half-seen) repeats the same ids and the lake's
 * deduplication by id still holds; random otherwise.
 */
export function prepareRecords(
  target: IngestionTarget,
  request: IngestionRequest,
): PreparedRecords {
  const { dataset } = target;
  const idColumn = dataset.recordIdColumn;
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const ids: string[] = [];
  const messages: TopicMessage[] = [];
  request.records.forEach((sent, index) => {
    const prefix = request.batch ? `/${index}` : '';
    const record = withRecordId(sent, idColumn, request, index);
    for (const { field, problem } of recordProblems(dataset, record, {
      required: target.required,
    })) {
      errors.push({ path: `${prefix}/${escapePointer(field)}`, message: problem });
    }
    const id = record[idColumn];
    if (typeof id === 'string') {
      const first = seen.get(id);
      if (first !== undefined) {
        errors.push({
          path: `${prefix}/${escapePointer(idColumn)}`,
          message: `repeats the id of record ${first}`,
        });
      } else seen.set(id, index);
      ids.push(id);
    }
    messages.push(topicMessage(target.topic, target.headers, record));
  });
  if (errors.length > 0) {
    throw new RequestRejectedError(
      400,
      'Invalid records',
      `${errors.length} field${errors.length === 1 ? '' : 's'} of the request ${errors.length === 1 ? 'does' : 'do'} not fit the ${dataset.name} columns; nothing was accepted`,
      errors,
    );
  }
  return { ids, messages };
}

function withRecordId(
  sent: SentRecord,
  idColumn: string,
  request: IngestionRequest,
  index: number,
): SentRecord {
  const id = sent[idColumn];
  if (id !== undefined && id !== null) return sent;
  return { ...sent, [idColumn]: assignedId(request, index) };
}

function assignedId(request: IngestionRequest, index: number): string {
  if (request.idempotencyKey === undefined) return randomUUID();
  const digest = createHash('sha256')
    .update(`${request.caller}\n${request.route.resource}\n${request.idempotencyKey}\n${index}`)
    .digest('hex');
  // Shaped as a UUID (version 8, "custom"), like the ids the marketplace sends.
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-${((parseInt(digest[16]!, 16) & 0x3) | 0x8).toString(16)}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}

/** RFC 6901: `~` and `/` inside a name are escaped. */
function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Sends the messages and answers only once Kafka has them all (acks=all). */
export type SendMessages = (messages: readonly TopicMessage[]) => Promise<void>;

/**
 * One checked request, as the idempotency layer sees it: the key is made of who sent it, where
 * and under which Idempotency-Key; the body tells a true retry from a different request.
 */
export interface Submission {
  readonly caller: string;
  readonly resource: string;
  readonly idempotencyKey?: string;
  readonly body: string;
  readonly prepared: PreparedRecords;
}

export function submissionOf(request: IngestionRequest, prepared: PreparedRecords): Submission {
  return {
    caller: request.caller,
    resource: request.route.resource,
    ...(request.idempotencyKey !== undefined && { idempotencyKey: request.idempotencyKey }),
    body: request.body,
    prepared,
  };
}

/** Produces the submission's records; resolves once Kafka has acknowledged every one. */
export async function produceSubmission(
  submission: Submission,
  send: SendMessages,
): Promise<Accepted> {
  const { ids, messages } = submission.prepared;
  await send(messages);
  return { accepted: ids.length, ids };
}

/**
 * The ingestion core: checks each record against its dataset's columns (from the platform
 * definition) and hands the topic's messages to Kafka. A request is accepted whole or refused
 * whole: a batch with one bad record puts nothing on the topic, so the client can drop the bad
 * records and resend the rest without producing the good ones twice. Every record carries its
 * own id (the marketplace's order line or event id), the key the lake deduplicates by, so a
 * record sent twice is kept once.
 */
import {
  messageHeaders,
  recordProblems,
  requiredColumns,
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
import type { IngestionRequest } from './request';
import type { UnsettledBatch } from './unsettled-sends';

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
    required: requiredColumns(dataset, topic),
  };
}

/** What the API answers once Kafka has every record. */
export interface Accepted {
  readonly accepted: number;
  /** The records' ids, in the order sent. */
  readonly ids: readonly string[];
}

export interface PreparedRecords {
  readonly ids: readonly string[];
  readonly messages: readonly TopicMessage[];
}

/** The request's messages, or a refusal naming every bad field by JSON Pointer. */
export function prepareRecords(
  target: IngestionTarget,
  request: IngestionRequest,
): PreparedRecords {
  const { dataset } = target;
  const errors: FieldError[] = [];
  const ids: string[] = [];
  const messages: TopicMessage[] = [];
  request.records.forEach((record, index) => {
    const prefix = request.batch ? `/${index}` : '';
    for (const { field, problem } of recordProblems(dataset, record, {
      required: target.required,
    })) {
      errors.push({ path: `${prefix}/${escapePointer(shortName(field))}`, message: problem });
    }
  });
  if (errors.length > 0) {
    const listed = errors.slice(0, MAX_FIELD_ERRORS);
    throw new RequestRejectedError(
      400,
      'Invalid records',
      `${errors.length} field${errors.length === 1 ? '' : 's'} of the request ${errors.length === 1 ? 'does' : 'do'} not fit the ${dataset.name} columns; nothing was accepted` +
        (listed.length < errors.length ? ` (the first ${listed.length} are listed)` : ''),
      listed,
    );
  }
  // Only records that fit their columns are serialised: they hold scalars and nothing else.
  for (const record of request.records) {
    ids.push(String(record[dataset.recordIdColumn]));
    messages.push(topicMessage(target.topic, target.headers, record));
  }
  return { ids, messages };
}

/**
 * Bad fields listed in one refusal. A body of unknown keys could otherwise name hundreds of
 * thousands and make an answer over Lambda's 6 MB response limit, which API Gateway turns into a
 * 502 the client would retry.
 */
export const MAX_FIELD_ERRORS = 100;
/** How much of an unknown field's name an error echoes. */
const MAX_ECHOED_NAME = 64;

function shortName(name: string): string {
  return name.length > MAX_ECHOED_NAME ? `${name.slice(0, MAX_ECHOED_NAME - 3)}...` : name;
}

/** RFC 6901: `~` and `/` inside a name are escaped. */
function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Sends the messages and answers only once Kafka has them all (acks=all); `unsettled` are the
 * batches of an earlier attempt of the same request, sent again under their first identity.
 */
export type SendMessages = (
  messages: readonly TopicMessage[],
  unsettled?: readonly UnsettledBatch[],
) => Promise<void>;

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
  unsettled: readonly UnsettledBatch[] = [],
): Promise<Accepted> {
  const { ids, messages } = submission.prepared;
  await send(messages, unsettled);
  return { accepted: ids.length, ids };
}

/**
 * How a record travels on its topic, the same for every producer (the event producer, the
 * marketplace API): the record as JSON, keyed by the topic's key column, with headers that let a
 * consumer route and validate it without parsing the value.
 */
import { createHash } from 'node:crypto';
import type { SourceDataset, Topic } from './schema';

export interface TopicMessage {
  readonly topic: string;
  readonly key: string;
  /** The record as JSON. */
  readonly value: string;
  readonly headers: MessageHeaders;
}

export interface MessageHeaders {
  readonly dataset: string;
  readonly 'schema-version': string;
}

/**
 * A fingerprint of the dataset's column names and types. The definition has no version number,
 * and any change to the columns is a change of schema, so the fingerprint changes exactly when a
 * consumer would need to know.
 */
export function schemaVersion(dataset: SourceDataset): string {
  const columns = dataset.columns.map((column) => `${column.name}:${column.type}`).join(',');
  return createHash('sha256').update(columns).digest('hex').slice(0, 16);
}

export function messageHeaders(dataset: SourceDataset): MessageHeaders {
  return { dataset: dataset.name, 'schema-version': schemaVersion(dataset) };
}

/**
 * The message of one record that has been checked against its columns (so its key column holds
 * a value; `String` turns a numeric key into the text every client hashes the same way).
 */
export function topicMessage(
  topic: Topic,
  headers: MessageHeaders,
  record: Readonly<Record<string, unknown>>,
): TopicMessage {
  return {
    topic: topic.name,
    key: String(record[topic.keyColumn]),
    value: JSON.stringify(record),
    headers,
  };
}

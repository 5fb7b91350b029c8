/**
 * The two places batches go: a kafkajs producer, or stdout as JSON lines for `--dry-run`.
 */
import type { Kafka, Producer } from 'kafkajs';
import { TopicNotFoundError } from './errors';
import type { OutgoingMessage } from './event-source';
import { ACKS_ALL, COMPRESSION, producerConfig } from '../../lambdas/shared/kafka-config';
import type { MessageSink } from './producer-loop';

export interface ClosableSink extends MessageSink {
  /** Flushes nothing more: releases connections. Safe to call after a failure. */
  close(): Promise<void>;
}

/**
 * Checks that the topics exist, then connects an idempotent producer; one `sendBatch` per
 * batch, grouped by topic. Checking first turns a missing topic into an immediate, named error
 * instead of minutes of retried sends.
 */
export async function connectKafkaSink(
  kafka: Kafka,
  topics: readonly string[],
): Promise<ClosableSink> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length > 0) {
      throw new TopicNotFoundError(
        `topic${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found on the cluster; deploy the platform's topics first (the producer never creates topics)`,
      );
    }
  } finally {
    await admin.disconnect();
  }
  const producer: Producer = kafka.producer(producerConfig());
  await producer.connect();
  return {
    async send(batch) {
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const message of batch) {
        const list = byTopic.get(message.topic) ?? [];
        list.push(message);
        byTopic.set(message.topic, list);
      }
      await producer.sendBatch({
        acks: ACKS_ALL,
        compression: COMPRESSION,
        topicMessages: [...byTopic].map(([topic, messages]) => ({
          topic,
          messages: messages.map(({ key, value, headers }) => ({
            key,
            value,
            headers: { ...headers },
          })),
        })),
      });
    },
    close: () => producer.disconnect(),
  };
}

/** One JSON object per line: `{ topic, key, headers, value }` with the record parsed back. */
export function dryRunSink(write: (line: string) => void): ClosableSink {
  return {
    send(batch) {
      for (const message of batch) {
        write(
          JSON.stringify({
            topic: message.topic,
            key: message.key,
            headers: message.headers,
            value: JSON.parse(message.value) as unknown,
          }),
        );
      }
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

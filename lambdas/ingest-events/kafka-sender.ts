/**
 * Puts one request's messages on their topic with an idempotent producer (acks=all), kept open
 * across the container's invocations. After a send that failed, the producer is dropped and the
 * next request connects a new one: kafkajs does not move an idempotent producer's sequence past
 * a batch whose fate it never learnt, so reusing it could have the broker take the next request's
 * records for a duplicate of the failed batch and drop them. A new producer id starts clean.
 */
import type { Kafka, Producer } from 'kafkajs';
import { ACKS_ALL, COMPRESSION, producerConfig, type SendRetry } from '../shared/kafka-config';
import { KafkaSendError } from './errors';
import type { SendMessages } from './ingestion';

export interface KafkaSender {
  readonly send: SendMessages;
  /** Disconnects the producer, if one is open. */
  close(): Promise<void>;
}

export function kafkaSender(kafka: Kafka, retry: SendRetry): KafkaSender {
  let current: Promise<Producer> | undefined;

  const connected = (): Promise<Producer> => {
    current ??= (async () => {
      const producer = kafka.producer(producerConfig(retry));
      await producer.connect();
      return producer;
    })();
    return current;
  };

  const drop = (producer: Promise<Producer>): void => {
    if (current === producer) current = undefined;
    // A producer that never connected has nothing to close; either way the answer is moot.
    producer.then((open) => open.disconnect()).catch(() => undefined);
  };

  return {
    async send(messages) {
      const first = messages[0];
      if (!first) return;
      const producer = connected();
      try {
        await (
          await producer
        ).send({
          topic: first.topic,
          acks: ACKS_ALL,
          compression: COMPRESSION,
          messages: messages.map(({ key, value, headers }) => ({
            key,
            value,
            headers: { ...headers },
          })),
        });
      } catch (error) {
        drop(producer);
        throw new KafkaSendError(
          `Kafka did not acknowledge ${messages.length} record(s) on ${first.topic}`,
          { cause: error },
        );
      }
    },
    async close() {
      const producer = current;
      current = undefined;
      if (producer) await (await producer).disconnect();
    },
  };
}

/**
 * Puts one request's messages on their topic with an idempotent producer (acks=all), kept open
 * across the container's invocations. After a send that failed, or that was not acknowledged
 * before the request's deadline, the producer is dropped and the next request connects a new one: kafkajs does not move an idempotent producer's sequence past
 * a batch whose fate it never learnt, so reusing it could have the broker take the next request's
 * records for a duplicate of the failed batch and drop them. A new producer id starts clean.
 */
import type { Kafka, Producer } from 'kafkajs';
import { ACKS_ALL, compressionFor, producerConfig, type SendRetry } from '../shared/kafka-config';
import { KafkaSendError } from './errors';
import type { SendMessages } from './ingestion';

interface KafkaSender {
  readonly send: SendMessages;
}

/**
 * When the current request's send must be acknowledged by (epoch ms), if ever: set from the time
 * the invocation has left, so a slow broker ends in an answer the client can retry on (503 with
 * Retry-After), not in a timed-out function and API Gateway's bare 502.
 */
type SendDeadline = () => number | undefined;

class DeadlinePassedError extends Error {
  override readonly name = 'DeadlinePassedError';
}

/** `sending`, or a rejection once `deadline` (epoch ms) passes, whichever comes first. */
async function beforeDeadline(sending: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const passed = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlinePassedError('no acknowledgement before the deadline')),
      Math.max(0, deadline - Date.now()),
    );
  });
  try {
    await Promise.race([sending, passed]);
  } finally {
    clearTimeout(timer);
  }
}

export function kafkaSender(
  kafka: Kafka,
  retry: SendRetry,
  deadline: SendDeadline = () => undefined,
): KafkaSender {
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
      const sending = producer.then((open) =>
        open.send({
          topic: first.topic,
          acks: ACKS_ALL,
          compression: compressionFor(
            messages.reduce((bytes, { value }) => bytes + value.length, 0),
          ),
          messages: messages.map(({ key, value, headers }) => ({
            key,
            value,
            headers: { ...headers },
          })),
        }),
      );
      // A send abandoned at the deadline still settles later, with no one waiting for it.
      sending.catch(() => undefined);
      const by = deadline();
      try {
        await (by === undefined ? sending : beforeDeadline(sending, by));
      } catch (error) {
        drop(producer);
        throw new KafkaSendError(
          `Kafka did not acknowledge ${messages.length} record(s) on ${first.topic}`,
          { cause: error },
        );
      }
    },
  };
}

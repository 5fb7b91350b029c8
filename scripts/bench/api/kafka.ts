/**
 * The Kafka side of `npm run bench:api`, with kafkajs as any client: every record of a topic read
 * back (to find what the API lost or stored twice), and the raw producer baseline, the function's
 * own producer settings without the API around them.
 */
import { readTopic } from '../../shared/kafka-topic-reader';
import { Kafka } from 'kafkajs';
import { INGEST_DEFAULTS } from '../../../infra/aws/facts/api';
import {
  ACKS_ALL,
  compressionFor,
  kafkaClientConfig,
  producerConfig,
} from '../../../lambdas/shared/kafka-config';

export interface StoredRecord {
  readonly id: string;
  readonly partition: number;
  readonly offset: string;
}

/** The `idField` of every record on `topic`, from the first offset to the end as of the call. */
export async function readIds(
  brokers: string,
  topic: string,
  idField: string,
): Promise<StoredRecord[]> {
  return (await readTopic(brokers, topic)).map((record) => ({
    id: String((JSON.parse(record.value || '{}') as Record<string, unknown>)[idField]),
    partition: record.partition,
    offset: record.offset,
  }));
}

export interface ProducerBaseline {
  readonly producers: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** One send's time, ms. */
  readonly sendMs: { readonly p50: number; readonly p99: number };
}

/**
 * `producers` idempotent producers (the function's settings: acks=all, one request in flight,
 * its compression choice, over the IAM listener), as many as the function has containers, each
 * sending one record at a time for `seconds`, as each container does for each request.
 */
export async function producerBaseline(options: {
  readonly brokers: string;
  readonly ca: string;
  readonly region: string;
  readonly topic: string;
  readonly producers: number;
  readonly seconds: number;
}): Promise<ProducerBaseline> {
  const kafka = new Kafka(
    kafkaClientConfig({
      brokers: [options.brokers],
      auth: 'iam',
      region: options.region,
      clientId: 'bench-api-producer-baseline',
      requestTimeoutMs: INGEST_DEFAULTS.kafkaRequestTimeoutMs,
      tlsCa: options.ca,
      log: (line) => console.error(line),
    }),
  );
  const producers = await Promise.all(
    Array.from({ length: options.producers }, async () => {
      const producer = kafka.producer(producerConfig(INGEST_DEFAULTS.sendRetry));
      await producer.connect();
      return producer;
    }),
  );
  const value = JSON.stringify({ transaction_id: 'baseline', padding: 'x'.repeat(200) });
  const times: number[] = [];
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    producers.map(async (producer, index) => {
      for (let sequence = 0; performance.now() < end; sequence += 1) {
        const sent = performance.now();
        await producer.send({
          topic: options.topic,
          acks: ACKS_ALL,
          compression: compressionFor(value.length),
          messages: [{ key: `C${index}-${sequence}`, value }],
        });
        times.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(producers.map((producer) => producer.disconnect()));
  times.sort((a, b) => a - b);
  const at = (share: number) =>
    times[Math.min(times.length - 1, Math.floor(share * times.length))]!;
  return {
    producers: options.producers,
    seconds,
    recordsPerSecond: times.length / seconds,
    sendMs: { p50: at(0.5), p99: at(0.99) },
  };
}

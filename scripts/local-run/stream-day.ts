/**
 * The generated day's streamed datasets, time-compressed: the day's records go out in event-time
 * order over a few seconds. The topics the marketplace API feeds (purchases, interactions) get
 * their records through the API, as the marketplace sends them (`marketplace/`); the others are
 * sent through Kafka as the platform's producer sends them (idempotent, acks=all, gzip, MSK IAM
 * over TLS). A few records no streaming job can place (not JSON, no event time) are slipped in,
 * as real feeds carry them: the API refuses them at the door, the jobs must reject the others and
 * go on.
 */
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, type Message } from 'kafkajs';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { Platform } from '../../infra/platform';
import type { RawObject } from '../generate-data';
import { COMPRESSION, kafkaClientConfig, producerConfig } from '../../lambdas/shared/kafka-config';
import { ConcurrencyLimit } from '../../lambdas/shared/concurrency';
import type { MarketplaceSender } from './marketplace/marketplace-sender';

/** What no streaming job can place: not JSON, and JSON without any event time. */
export const MALFORMED_VALUES = [
  'this is not JSON {',
  '{"note":"a record without its event time"}',
];
/** How often a slice of the day is sent. */
const TICK_MS = 100;
/** Requests the marketplace has in flight at once: as many as the API has local containers. */
const MARKETPLACE_REQUESTS_IN_FLIGHT = 2;

export interface StreamedTopic {
  readonly topic: string;
  readonly dataset: string;
  /** Records sent, the malformed ones included. */
  readonly produced: number;
  readonly malformed: number;
}

export interface StreamedDay {
  readonly topics: readonly StreamedTopic[];
  /** From the first send to the last acknowledgement. */
  readonly seconds: number;
  /** Epoch ms at which each of `marks` was acknowledged (absent when no record matched). */
  readonly marked: Readonly<Record<string, number>>;
}

/** The objects' records by topic, in event-time order across datasets (objects are per window). */
export function dayRecords(
  platform: Platform,
  objects: readonly RawObject[],
): { topic: string; value: string }[] {
  const topicOf = new Map(platform.topics.map((topic) => [topic.dataset, topic.name]));
  return objects
    .filter((object) => topicOf.has(object.dataset))
    .map((object, index) => ({ object, index }))
    .sort(
      (a, b) => (a.object.firstEventMs ?? 0) - (b.object.firstEventMs ?? 0) || a.index - b.index,
    )
    .flatMap(({ object }) =>
      object.body
        .toString('utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((value) => ({ topic: topicOf.get(object.dataset)!, value })),
    );
}

export interface StreamDayOptions {
  /** How long the day takes to stream. */
  readonly seconds: number;
  readonly log?: (line: string) => void;
  /** After each slice is acknowledged: the share of the day sent so far (0–1). */
  readonly onProgress?: (sentFraction: number) => void;
  /** Moments to note: when the slice holding the first record each test matches was acknowledged. */
  readonly marks?: Readonly<Record<string, (record: DayRecord) => boolean>>;
  /** Sends the topics the marketplace API feeds through the API instead (topic → resource). */
  readonly marketplace?: {
    readonly sender: MarketplaceSender;
    readonly resourceOf: ReadonlyMap<string, string>;
  };
}

export interface DayRecord {
  readonly topic: string;
  readonly value: string;
}

export async function streamDay(
  cloud: LocalCloud,
  platform: Platform,
  objects: readonly RawObject[],
  options: StreamDayOptions,
): Promise<StreamedDay> {
  const iam = cloud.kafka.sasl;
  if (!iam) throw new Error('localcloud serves no Kafka IAM listener');
  const records = dayRecords(platform, objects);
  // The malformed records arrive in the middle of the day, on every topic.
  const middle = Math.floor(records.length / 2);
  const malformed = platform.topics.flatMap((topic) =>
    MALFORMED_VALUES.map((value) => ({ topic: topic.name, value })),
  );
  records.splice(middle, 0, ...malformed);

  const { accessKeyId, secretAccessKey } = cloud.clientConfig.credentials;
  const kafka = new Kafka(
    kafkaClientConfig({
      brokers: [iam.bootstrapServers],
      auth: 'iam',
      region: cloud.region,
      tlsCa: iam.caCertificate,
      log: options.log ?? (() => undefined),
      generateToken: ({ region }) =>
        generateAuthTokenFromCredentialsProvider({
          region,
          awsCredentialsProvider: () => Promise.resolve({ accessKeyId, secretAccessKey }),
        }),
    }),
  );
  // One producer per topic, as each feed has its own: an idempotent producer has one request in
  // flight, and the topics' sends then go side by side instead of one after another.
  const producers = new Map(
    platform.topics
      .filter((topic) => !options.marketplace?.resourceOf.has(topic.name))
      .map((topic) => [topic.name, kafka.producer(producerConfig())]),
  );
  await Promise.all([...producers.values()].map((producer) => producer.connect()));
  const marksAt = Object.entries(options.marks ?? {})
    .map(([name, test]) => ({ name, index: records.findIndex(test) }))
    .filter((mark) => mark.index >= 0);
  const marked: Record<string, number> = {};
  const started = performance.now();
  const apiSlots = new ConcurrencyLimit(MARKETPLACE_REQUESTS_IN_FLIGHT);
  const apiSends: Promise<void>[] = [];
  try {
    const ticks = Math.max(1, Math.round((options.seconds * 1000) / TICK_MS));
    const perTick = Math.ceil(records.length / ticks);
    for (let tick = 0, sent = 0; sent < records.length; tick += 1) {
      const slice = records.slice(sent, sent + perTick);
      sent += slice.length;
      const byTopic = new Map<string, Message[]>();
      for (const record of slice) {
        const messages = byTopic.get(record.topic) ?? [];
        messages.push({ value: record.value });
        byTopic.set(record.topic, messages);
      }
      const kafkaSends: Promise<unknown>[] = [];
      for (const [topic, messages] of byTopic) {
        const resource = options.marketplace?.resourceOf.get(topic);
        if (resource === undefined) {
          kafkaSends.push(
            producers.get(topic)!.send({ topic, compression: COMPRESSION, messages }),
          );
        } else {
          // The marketplace's servers send side by side, not one request per tick of its day:
          // its requests run on, a few at a time, while the day goes on.
          const send = apiSlots.run(() =>
            options.marketplace!.sender.send(
              resource,
              messages.map((message) => String(message.value)),
            ),
          );
          // Awaited with the others once the day is out; a failure must not go unhandled first.
          send.catch(() => undefined);
          apiSends.push(send);
        }
      }
      await Promise.all(kafkaSends);
      for (const mark of marksAt)
        if (marked[mark.name] === undefined && mark.index < sent) marked[mark.name] = Date.now();
      options.onProgress?.(sent / records.length);
      // Paced: the next slice leaves at its own time, not as soon as this one is acknowledged.
      const due = started + (tick + 1) * TICK_MS;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
    await Promise.all(apiSends);
  } finally {
    await Promise.all([...producers.values()].map((producer) => producer.disconnect()));
  }
  return {
    seconds: Math.round(performance.now() - started) / 1000,
    marked,
    topics: platform.topics.map((topic) => {
      const resource = options.marketplace?.resourceOf.get(topic.name);
      if (resource === undefined) {
        return {
          topic: topic.name,
          dataset: topic.dataset,
          produced: records.filter((record) => record.topic === topic.name).length,
          malformed: MALFORMED_VALUES.length,
        };
      }
      // What reached the topic: the records the API accepted; it refused the malformed ones.
      const accepted = options
        .marketplace!.sender.figures()
        .resources.find((each) => each.resource === resource);
      return {
        topic: topic.name,
        dataset: topic.dataset,
        produced: accepted?.accepted ?? 0,
        malformed: 0,
      };
    }),
  };
}

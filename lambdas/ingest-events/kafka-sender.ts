/**
 * Puts one request's messages on their topic with an idempotent producer (acks=all), kept open
 * across the container's invocations. After a send that failed, or that was not acknowledged
 * before the request's deadline, the producer is dropped and the next request connects a new one:
 * kafkajs does not move an idempotent producer's sequence past a batch whose fate it never
 * learnt, so reusing it could have the broker take the next request's records for a duplicate of
 * the failed batch and drop them. A new producer id starts clean.
 *
 * A failed send reports the batches that went out (their identity and records), since the broker
 * may have stored them; the client's retry passes them back, and they are sent again under that
 * identity while the rest of the request goes out as new (unsettled-sends.ts). That is sound only
 * because the dropped producer sends nothing more: its batch stays the last one the broker holds
 * for it, and nothing it would still retry goes out once the request was answered.
 */
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { TopicMessage } from '../../infra/platform';
import { ACKS_ALL, compressionFor, producerConfig, type SendRetry } from '../shared/kafka-config';
import { KafkaSendError } from './errors';
import {
  assertWrappedClient,
  observingBatches,
  partitionKey,
  sendingAs,
  SendGivenUpError,
  type SentBatch,
} from './producer-identity';
import type { UnsettledBatch } from './unsettled-sends';

export interface KafkaSender {
  /**
   * Resolves once Kafka has every message. `unsettled` are the batches of an earlier attempt of
   * the same request, whose records are sent again under their first identity.
   * @throws KafkaSendError with the batches whose fate is now unknown
   */
  readonly send: (
    messages: readonly TopicMessage[],
    unsettled?: readonly UnsettledBatch[],
  ) => Promise<void>;
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

/**
 * The broker's refusals of a batch's identity itself, which no retry of the same identity can
 * change: the producer's state there does not admit it (a sequence out of order, an older epoch,
 * a producer it no longer knows).
 */
const IDENTITY_REFUSALS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'INVALID_PRODUCER_EPOCH',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_ID_MAPPING',
]);

/** The refusal's type, if `error` (or an error it wraps) is one of IDENTITY_REFUSALS. */
export function identityRefusal(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth += 1) {
    const type = (current as { type?: unknown }).type;
    if (typeof type === 'string' && IDENTITY_REFUSALS.has(type)) return type;
    current = current.cause;
  }
  return undefined;
}

/**
 * Connects `producer`, or closes what it opened: a connect that fails half-way (InitProducerId
 * refused, say) leaves the client's connections open in a container that lives on.
 */
async function connectOrClose(producer: Producer): Promise<void> {
  try {
    await producer.connect();
  } catch (error) {
    await producer.disconnect().catch(() => undefined);
    throw error;
  }
}

function kafkaMessage({ key, value, headers }: TopicMessage): Message {
  return { key, value, headers: { ...headers } };
}

/** The codec for one send, by the size of its values. */
function compressionOf(messages: readonly Pick<Message, 'value'>[]) {
  return compressionFor(messages.reduce((bytes, { value }) => bytes + (value?.length ?? 0), 0));
}

/**
 * The unsettled batches as separate sends: a Produce request carries one producer id for all its
 * batches, and one batch per partition.
 */
export function identityGroups(batches: readonly UnsettledBatch[]): UnsettledBatch[][] {
  const groups: UnsettledBatch[][] = [];
  for (const batch of batches) {
    const fits = groups.find(
      (group) =>
        group[0]!.producerId === batch.producerId &&
        group[0]!.producerEpoch === batch.producerEpoch &&
        !group.some((other) => other.topic === batch.topic && other.partition === batch.partition),
    );
    if (fits) fits.push(batch);
    else groups.push([batch]);
  }
  return groups;
}

/**
 * The unsettled batches that fit this request: each names records the request has, on the topic
 * they go to. Others (the route's topic changed by a deployment in between) are of no use: their
 * records go out as new.
 */
export function fittingBatches(
  messages: readonly TopicMessage[],
  unsettled: readonly UnsettledBatch[],
): { fitting: UnsettledBatch[]; unfit: UnsettledBatch[] } {
  const fitting: UnsettledBatch[] = [];
  const unfit: UnsettledBatch[] = [];
  const claimed = new Set<number>();
  for (const batch of unsettled) {
    const fits = batch.records.every(
      (index) => messages[index]?.topic === batch.topic && !claimed.has(index),
    );
    if (fits) for (const index of batch.records) claimed.add(index);
    (fits ? fitting : unfit).push(batch);
  }
  return { fitting, unfit };
}

export interface SenderOptions {
  /** Retries of one send inside the request. */
  readonly retry: SendRetry;
  /** The topic's partitions, as deployed from the platform definition. */
  readonly partitionsOf: (topic: string) => number;
  readonly deadline?: SendDeadline;
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

/**
 * The partition kafkajs's default (Java-compatible) partitioner gives a keyed message on a topic
 * of `partitions`: murmur2 of the key, so every client puts a key where the others do.
 */
export function partitionFor(partitions: number): (topic: string, message: TopicMessage) => number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  return (topic, message) =>
    partitioner({ topic, partitionMetadata, message: { key: message.key, value: message.value } });
}

export function kafkaSender(kafka: Kafka, options: SenderOptions): KafkaSender {
  const { retry, deadline = () => undefined, warn = () => undefined } = options;
  assertWrappedClient(kafka);
  /** Each topic's partitioner, made once per container. */
  const placements = new Map<string, (topic: string, message: TopicMessage) => number>();
  let current: Promise<Producer> | undefined;

  const connected = (): Promise<Producer> => {
    current ??= (async () => {
      const producer = kafka.producer(producerConfig(retry));
      await connectOrClose(producer);
      return producer;
    })();
    return current;
  };

  /**
   * Retires a producer whose sequence stands where an unanswered batch began (module comment):
   * closed now, and again once `inFlight` has settled, since kafkajs reconnects a client whose
   * request failed after it was disconnected, before its retry meets the fence.
   */
  const drop = (producer: Promise<Producer>, inFlight: Promise<unknown>): void => {
    if (current === producer) current = undefined;
    const close = () => producer.then((open) => open.disconnect());
    // A producer that never connected has nothing to close; either way the answer is moot.
    close().catch(() => undefined);
    inFlight
      .catch(() => undefined)
      .then(close)
      .catch(() => undefined);
  };

  /**
   * Sends one group of unsettled batches with their first identity, through a producer of its
   * own: the batches carry another producer's id, so they must not move this container's
   * producer's sequences. Such a producer asks the broker for no id of its own.
   */
  const resend = async (
    messages: readonly TopicMessage[],
    group: readonly UnsettledBatch[],
    wanted: () => boolean,
  ): Promise<void> => {
    const { producerId, producerEpoch } = group[0]!;
    const topicMessages = new Map<string, Message[]>();
    for (const batch of group) {
      const list = topicMessages.get(batch.topic) ?? [];
      for (const index of batch.records)
        list.push({ ...kafkaMessage(messages[index]!), partition: batch.partition });
      topicMessages.set(batch.topic, list);
    }
    const producer = kafka.producer({ ...producerConfig(retry), idempotent: false });
    await connectOrClose(producer);
    try {
      await sendingAs(
        { producerId, producerEpoch },
        new Map(
          group.map((batch) => [partitionKey(batch.topic, batch.partition), batch.firstSequence]),
        ),
        () =>
          producer.sendBatch({
            acks: ACKS_ALL,
            compression: compressionOf([...topicMessages.values()].flat()),
            topicMessages: [...topicMessages].map(([topic, list]) => ({ topic, messages: list })),
          }),
        wanted,
      );
    } finally {
      await producer.disconnect().catch(() => undefined);
    }
  };

  /** Sends records never sent before, noting each batch's identity as it goes out. */
  const sendNew = async (
    producer: Promise<Producer>,
    messages: readonly TopicMessage[],
    indexes: readonly number[],
    sent: Map<string, UnsettledBatch>,
    wanted: () => boolean,
  ): Promise<void> => {
    const outgoing = indexes.map((index) => kafkaMessage(messages[index]!));
    const positions = new Map(outgoing.map((message, at) => [message, indexes[at]!]));
    const note = (batch: SentBatch) => {
      // After the answer went out, nothing more may be stored under this request.
      if (!wanted()) throw new SendGivenUpError();
      const records = batch.messages.map((message) => positions.get(message));
      if (records.some((position) => position === undefined))
        throw new Error('kafkajs sent a message it was not given: its internals changed');
      const { producerId, producerEpoch, topic, partition, firstSequence } = batch;
      // A retried batch carries the same identity and records: it replaces its first report.
      sent.set(`${producerId}:${producerEpoch}:${partitionKey(topic, partition)}`, {
        producerId,
        producerEpoch,
        topic,
        partition,
        firstSequence,
        records: records as number[],
      });
    };
    // One send per partition: a send spanning several leaders is retried whole by kafkajs while
    // another leader's request may still be in flight, which numbers that partition's batch
    // again and can store it twice or have a later batch taken for it. A send of one partition
    // goes to one leader, one request at a time.
    const topic = messages[indexes[0]!]!.topic;
    const place = placements.get(topic) ?? partitionFor(options.partitionsOf(topic));
    placements.set(topic, place);
    const byPartition = new Map<number, Message[]>();
    indexes.forEach((index, at) => {
      const message = outgoing[at]!;
      message.partition = place(topic, messages[index]!);
      const batch = byPartition.get(message.partition) ?? [];
      batch.push(message);
      byPartition.set(message.partition, batch);
    });
    const open = await producer;
    const sends = await observingBatches(
      () =>
        Promise.allSettled(
          [...byPartition.values()].map((batch) =>
            open.send({
              topic,
              acks: ACKS_ALL,
              compression: compressionOf(batch),
              messages: batch,
            }),
          ),
        ),
      note,
    );
    // Every partition's send has settled, so every batch that went out has been noted.
    const failed = sends.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  };

  return {
    async send(messages, unsettled = []) {
      const first = messages[0];
      if (!first) return;
      const { fitting, unfit } = fittingBatches(messages, unsettled);
      if (unfit.length > 0)
        warn('unsettled batches that do not fit the request are not sent again', {
          batches: unfit.length,
        });
      const sent = new Map<string, UnsettledBatch>();
      let givenUp = false;
      const wanted = () => !givenUp;
      let producer: Promise<Producer> | undefined;
      const refused = new Set<UnsettledBatch>();
      const sending = (async () => {
        for (const group of identityGroups(fitting)) {
          try {
            await resend(messages, group, wanted);
          } catch (error) {
            // The identity cannot be used, now or on any later retry: kept, it would fail the key
            // until the broker forgets the producer. Its records go out as new instead, which
            // may store them twice if the first attempt's batch was stored after all.
            const refusal = identityRefusal(error);
            if (refusal === undefined) throw error;
            warn(
              'the broker refused batches sent again under their first identity; their records go out as new',
              { refusal, batches: group.length },
            );
            for (const batch of group) refused.add(batch);
          }
        }
        const covered = new Set(
          fitting.filter((batch) => !refused.has(batch)).flatMap((batch) => batch.records),
        );
        const fresh = messages.map((_, index) => index).filter((index) => !covered.has(index));
        if (fresh.length === 0 || !wanted()) return;
        producer = connected();
        await sendNew(producer, messages, fresh, sent, wanted);
      })();
      // A send abandoned at the deadline still settles later, with no one waiting for it.
      sending.catch(() => undefined);
      const by = deadline();
      try {
        await (by === undefined ? sending : beforeDeadline(sending, by));
      } catch (error) {
        givenUp = true;
        if (producer) drop(producer, sending);
        throw new KafkaSendError(
          `Kafka did not acknowledge ${messages.length} record(s) on ${first.topic}`,
          [...fitting.filter((batch) => !refused.has(batch)), ...sent.values()],
          { cause: error },
        );
      }
    },
  };
}

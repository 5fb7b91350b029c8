/**
 * Which producer identity carried each partition's batch of a send, and sending a batch again
 * under that identity. An idempotent producer's batch is known to the broker by (producer id,
 * epoch, partition, first sequence) and its record count. The partition leader keeps each
 * producer's last five batches: one of them sent again is answered with the offset it was stored
 * at, and a batch that follows the producer's last one is appended (KIP-98). A producer that sends
 * nothing after a batch whose answer was lost therefore leaves that batch recognisable, and a
 * request's retry can send it again from any container without storing it twice.
 *
 * kafkajs keeps a producer's id and sequences to itself and offers no Produce with chosen ones,
 * so this wraps the one method every Produce request passes through, `Broker#produce` (kafkajs
 * 2.2.4, pinned). The wrapper does nothing unless the caller's async context asked for it:
 * `observingBatches` reports each batch as it goes out, `sendingAs` rewrites the identity of each.
 * Only a client of the same kafkajs copy passes through the wrapper (`assertWrappedClient`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kafka, type Message } from 'kafkajs';
import Broker from 'kafkajs/src/broker';

/** What the broker knows one batch by. */
export interface BatchIdentity {
  /** INT64, as a decimal string. */
  readonly producerId: string;
  readonly producerEpoch: number;
  readonly topic: string;
  readonly partition: number;
  readonly firstSequence: number;
}

/** One partition's batch of a Produce request, as it went out. */
export interface SentBatch extends BatchIdentity {
  readonly messages: readonly Message[];
}

type ProduceRequest = Parameters<Broker['produce']>[0];
type ProduceHook = (request: ProduceRequest) => ProduceRequest;

const HOOKS = Symbol.for('hybrid-lake.produce-hooks');

/**
 * Wraps `Broker#produce` once per kafkajs class and returns the context its wrapper consults. The
 * context lives on the class, so should this module be evaluated twice against one kafkajs, both
 * copies share one wrapper instead of wrapping twice.
 */
function produceHooks(): AsyncLocalStorage<ProduceHook> {
  const prototype = Broker.prototype as Broker & { [HOOKS]?: AsyncLocalStorage<ProduceHook> };
  const existing = prototype[HOOKS];
  if (existing) return existing;
  // Kept unbound on purpose: it is called with each broker as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const produce = prototype.produce;
  if (typeof produce !== 'function')
    throw new Error('kafkajs Broker#produce is missing: the pinned kafkajs version changed');
  const hooks = new AsyncLocalStorage<ProduceHook>();
  prototype.produce = function (this: Broker, request: ProduceRequest) {
    const hook = hooks.getStore();
    return produce.call(this, hook ? hook(request) : request);
  };
  prototype[HOOKS] = hooks;
  return hooks;
}
const hooks = produceHooks();

function batchesOf(request: ProduceRequest): SentBatch[] {
  return request.topicData.flatMap(({ topic, partitions }) =>
    partitions.map(({ partition, firstSequence, messages }) => ({
      producerId: String(request.producerId),
      producerEpoch: Number(request.producerEpoch),
      topic,
      partition,
      firstSequence: Number(firstSequence),
      messages,
    })),
  );
}

/**
 * Whether `kafka` sends through the wrapped `Broker`: a client of another kafkajs copy (a
 * duplicated dependency) would bypass the wrapper, and a resend would go out without its first
 * identity.
 */
export function assertWrappedClient(kafka: unknown): void {
  if (!(kafka instanceof Kafka))
    throw new Error(
      'the Kafka client is not of the kafkajs copy whose Broker#produce is wrapped: batches could not be observed or sent again under their identity',
    );
}

/**
 * Runs `send`, reporting every batch its Produce requests carry (each attempt: a retried batch
 * is reported again, with the same identity). `sent` may throw to stop a batch from going out.
 */
export function observingBatches<T>(
  send: () => Promise<T>,
  sent: (batch: SentBatch) => void,
): Promise<T> {
  return hooks.run((request) => {
    for (const batch of batchesOf(request)) sent(batch);
    return request;
  }, send);
}

/** Raised inside a Produce its sender no longer waits for: the request was answered. */
export class SendGivenUpError extends Error {
  override readonly name = 'SendGivenUpError';

  constructor() {
    super('the request was answered; the send is given up');
  }
}

/**
 * Runs `send` with every batch it produces carrying the identity given for its partition: one
 * producer id and epoch for all, and each partition's first sequence. A batch for a partition
 * without one is refused before it leaves, since it would be stored under the wrong identity, and
 * so is every batch once `wanted()` turns false. A send that put nothing out through the wrapper
 * fails.
 */
export async function sendingAs<T>(
  identity: { readonly producerId: string; readonly producerEpoch: number },
  firstSequences: ReadonlyMap<string, number>,
  send: () => Promise<T>,
  wanted: () => boolean = () => true,
): Promise<T> {
  let rewritten = 0;
  const result = await hooks.run((request) => {
    if (!wanted()) throw new SendGivenUpError();
    return {
      ...request,
      producerId: identity.producerId,
      producerEpoch: identity.producerEpoch,
      topicData: request.topicData.map(({ topic, partitions }) => ({
        topic,
        partitions: partitions.map((entry) => {
          const firstSequence = firstSequences.get(partitionKey(topic, entry.partition));
          if (firstSequence === undefined)
            throw new Error(
              `no first sequence for ${topic}/${entry.partition}: the batch is not sent`,
            );
          rewritten += 1;
          return { ...entry, firstSequence };
        }),
      })),
    };
  }, send);
  if (rewritten === 0)
    throw new Error('the batches went out without passing the wrapper: their identity is unknown');
  return result;
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

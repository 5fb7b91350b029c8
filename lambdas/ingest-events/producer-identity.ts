/**
 * Which producer identity carried each partition's batch of a send, and sending a batch again
 * under that identity. An idempotent producer's batch is known to the broker by (producer id,
 * epoch, partition, first sequence): sent again with the same four, it is answered with the
 * offset it was stored at if the broker has it, and appended if not (KIP-98). That is how a
 * request whose answer was lost can be retried by any container without storing it twice.
 *
 * kafkajs keeps a producer's id and sequences to itself and offers no Produce with chosen ones,
 * so this wraps the one method every Produce request passes through, `Broker#produce` (kafkajs
 * 2.2.4, pinned). The wrapper does nothing unless the caller's async context asked for it:
 * `observingBatches` reports each batch as sent, `sendingAs` rewrites the identity of each.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Message } from 'kafkajs';
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
 * context lives on the class, so every copy of this module that sees the same class (tests load
 * handler.ts afresh) shares it instead of wrapping twice.
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
 * Runs `send`, reporting every batch its Produce requests carry (each attempt: a retried batch
 * is reported again, with the same identity). Batches of a producer that is not idempotent have
 * producer id -1 and are reported too; the caller decides what they are worth.
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

/**
 * Runs `send` with every batch it produces carrying the identity given for its partition: one
 * producer id and epoch for all, and each partition's first sequence. A batch for a partition
 * without one is refused before it leaves, since it would be stored under the wrong identity.
 */
export function sendingAs<T>(
  identity: { readonly producerId: string; readonly producerEpoch: number },
  firstSequences: ReadonlyMap<string, number>,
  send: () => Promise<T>,
): Promise<T> {
  return hooks.run(
    (request) => ({
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
          return { ...entry, firstSequence };
        }),
      })),
    }),
    send,
  );
}

export function partitionKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

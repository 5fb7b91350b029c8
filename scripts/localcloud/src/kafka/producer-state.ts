/**
 * What an idempotent producer's batches tell a partition (KIP-98): per producer id, its epoch,
 * the last sequence appended and the last five batches, so that a batch sent again after a lost
 * answer is recognised and answered with the offset it was given the first time, instead of
 * being stored twice.
 */

/** Batches remembered per producer and partition: a producer has at most five in flight. */
const REMEMBERED_BATCHES = 5;
const SEQUENCE_WRAP = 2 ** 31;

interface AppendedBatch {
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly firstOffset: number;
}

interface ProducerEntry {
  epoch: number;
  lastSequence: number;
  readonly recent: AppendedBatch[];
}

export interface IdempotentBatch {
  readonly producerId: bigint;
  readonly producerEpoch: number;
  readonly baseSequence: number;
  readonly lastOffsetDelta: number;
}

/** The producer's epoch is older than one already seen: a fenced producer (INVALID_PRODUCER_EPOCH). */
export class InvalidProducerEpochError extends Error {
  override readonly name = 'InvalidProducerEpochError';
}

/** The batch does not follow the last one appended (OUT_OF_ORDER_SEQUENCE_NUMBER). */
export class OutOfOrderSequenceError extends Error {
  override readonly name = 'OutOfOrderSequenceError';
}

function lastSequenceOf(batch: IdempotentBatch): number {
  return (batch.baseSequence + batch.lastOffsetDelta) % SEQUENCE_WRAP;
}

/** What a partition keeps of its producers across a restart (JSON: ids as decimal strings). */
export type ProducerSnapshot = Record<string, ProducerEntry>;

export class ProducerStates {
  private readonly producers = new Map<bigint, ProducerEntry>();

  snapshot(): ProducerSnapshot {
    return Object.fromEntries(
      [...this.producers].map(([id, entry]) => [String(id), structuredClone(entry)]),
    );
  }

  restore(snapshot: ProducerSnapshot): void {
    for (const [id, entry] of Object.entries(snapshot))
      this.producers.set(BigInt(id), structuredClone(entry));
  }

  /**
   * The offset a batch already appended was given, when `batch` is that batch sent again;
   * undefined when it is new and may be appended.
   * @throws InvalidProducerEpochError, OutOfOrderSequenceError
   */
  check(batch: IdempotentBatch): number | undefined {
    const entry = this.producers.get(batch.producerId);
    // A producer this partition has not seen: any sequence starts it, as Kafka accepts.
    if (!entry) return undefined;
    if (batch.producerEpoch < entry.epoch)
      throw new InvalidProducerEpochError(
        `producer ${batch.producerId} epoch ${batch.producerEpoch} is older than ${entry.epoch}`,
      );
    if (batch.producerEpoch > entry.epoch) {
      if (batch.baseSequence !== 0)
        throw new OutOfOrderSequenceError(
          `a new epoch of producer ${batch.producerId} starts at sequence ${batch.baseSequence}, not 0`,
        );
      return undefined;
    }
    const lastSequence = lastSequenceOf(batch);
    const duplicate = entry.recent.find(
      (known) => known.firstSequence === batch.baseSequence && known.lastSequence === lastSequence,
    );
    if (duplicate) return duplicate.firstOffset;
    const expected = (entry.lastSequence + 1) % SEQUENCE_WRAP;
    if (batch.baseSequence !== expected)
      throw new OutOfOrderSequenceError(
        `producer ${batch.producerId} sent sequence ${batch.baseSequence}; ${expected} was expected`,
      );
    return undefined;
  }

  /** Records a batch just appended at `firstOffset`. */
  appended(batch: IdempotentBatch, firstOffset: number): void {
    const entry = this.producers.get(batch.producerId);
    const lastSequence = lastSequenceOf(batch);
    const record = { firstSequence: batch.baseSequence, lastSequence, firstOffset };
    if (!entry || batch.producerEpoch > entry.epoch) {
      this.producers.set(batch.producerId, {
        epoch: batch.producerEpoch,
        lastSequence,
        recent: [record],
      });
      return;
    }
    entry.lastSequence = lastSequence;
    entry.recent.push(record);
    if (entry.recent.length > REMEMBERED_BATCHES) entry.recent.shift();
  }
}

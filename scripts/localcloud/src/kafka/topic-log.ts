/**
 * The broker's topics: each partition an append-only list of stored record batches with the
 * offsets they were given. Appends wake the fetches waiting on a partition (long polling).
 */
import { EventEmitter } from 'node:events';
import { readProducedBatch, withBaseOffset } from './record-batch';
import { ProducerStates } from './producer-state';

export interface TopicSettings {
  readonly partitions: number;
  /** The largest record batch accepted (`max.message.bytes`). @default 1048588, Kafka's */
  readonly maxMessageBytes?: number;
  /** How long batches are kept (`retention.ms`); -1 keeps them. @default 604800000 */
  readonly retentionMs?: number;
}

export const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;
export const DEFAULT_RETENTION_MS = 604_800_000;

export interface StoredBatch {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly maxTimestamp: number;
  readonly bytes: Buffer;
}

export class PartitionLog {
  readonly batches: StoredBatch[] = [];
  logStartOffset = 0;
  logEndOffset = 0;
  /** Emits 'append' when batches are added: what a waiting fetch waits for. */
  readonly appended = new EventEmitter();
  /** The idempotent producers that wrote here, for recognising a batch sent twice. */
  readonly producers = new ProducerStates();

  constructor() {
    // One listener per waiting fetch: bounded by the connections, and removed when it ends.
    this.appended.setMaxListeners(0);
  }

  /**
   * Stored batches from the one holding `offset`, up to `maxBytes`; with `firstEvenIfLarger`, the
   * first batch even when it alone is larger (what lets a consumer past a large batch, KIP-74).
   */
  read(offset: number, maxBytes: number, firstEvenIfLarger: boolean): Buffer[] {
    const parts: Buffer[] = [];
    let size = 0;
    for (let index = this.indexHolding(offset); index < this.batches.length; index += 1) {
      const { bytes } = this.batches[index]!;
      const fits = size + bytes.length <= maxBytes;
      if (!fits && !(firstEvenIfLarger && parts.length === 0)) break;
      parts.push(bytes);
      size += bytes.length;
    }
    return parts;
  }

  /** The index of the first batch whose last offset is at or after `offset` (binary search). */
  private indexHolding(offset: number): number {
    let low = 0;
    let high = this.batches.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.batches[middle]!.lastOffset < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** The first offset whose batch holds a timestamp at or after `timestamp`, as ListOffsets. */
  offsetForTimestamp(timestamp: number): { offset: number; timestamp: number } | undefined {
    const batch = this.batches.find((stored) => stored.maxTimestamp >= timestamp);
    return batch && { offset: batch.baseOffset, timestamp: batch.maxTimestamp };
  }
}

export interface Topic {
  readonly name: string;
  readonly maxMessageBytes: number;
  readonly retentionMs: number;
  readonly partitions: readonly PartitionLog[];
}

export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
}

export class TopicExistsError extends Error {
  override readonly name = 'TopicExistsError';
}

export class TopicLog {
  private readonly topics = new Map<string, Topic>();

  createTopic(name: string, settings: TopicSettings): Topic {
    if (this.topics.has(name)) throw new TopicExistsError(`topic ${name} already exists`);
    if (!/^[a-zA-Z0-9._-]{1,249}$/.test(name) || name === '.' || name === '..')
      throw new Error(`"${name}" is not a legal topic name`);
    if (!Number.isInteger(settings.partitions) || settings.partitions < 1)
      throw new Error(`a topic needs at least one partition; got ${settings.partitions}`);
    const topic: Topic = {
      name,
      maxMessageBytes: settings.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
      retentionMs: settings.retentionMs ?? DEFAULT_RETENTION_MS,
      partitions: Array.from({ length: settings.partitions }, () => new PartitionLog()),
    };
    this.topics.set(name, topic);
    return topic;
  }

  topic(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  partition(name: string, index: number): PartitionLog | undefined {
    return this.topics.get(name)?.partitions[index];
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  /**
   * Appends a Produce request's batch to a partition and returns the first offset it was given.
   * A batch an idempotent producer sends again returns the offset it was given the first time.
   * @throws InvalidBatchError (corrupt or invalid), MessageTooLargeError (over the topic's limit),
   *   InvalidProducerEpochError, OutOfOrderSequenceError (an idempotent producer's batch out of turn)
   */
  append(name: string, index: number, records: Buffer): number {
    const topic = this.topics.get(name);
    const partition = topic?.partitions[index];
    if (!topic || !partition) throw new Error(`no partition ${name}-${index}`);
    const batch = readProducedBatch(records);
    if (batch.bytes.length > topic.maxMessageBytes)
      throw new MessageTooLargeError(
        `a batch of ${batch.bytes.length} bytes is over ${name}'s max.message.bytes, ${topic.maxMessageBytes}`,
      );
    const idempotent = batch.producerId >= 0n;
    if (idempotent) {
      const earlier = partition.producers.check(batch);
      if (earlier !== undefined) return earlier; // sent again: answered, not stored twice
    }
    const baseOffset = partition.logEndOffset;
    if (idempotent) partition.producers.appended(batch, baseOffset);
    partition.batches.push({
      baseOffset,
      lastOffset: baseOffset + batch.lastOffsetDelta,
      maxTimestamp: batch.maxTimestamp,
      bytes: withBaseOffset(batch.bytes, baseOffset),
    });
    partition.logEndOffset = baseOffset + batch.lastOffsetDelta + 1;
    partition.appended.emit('append');
    return baseOffset;
  }

  /**
   * Resolves at the next append to one of `partitions`, after `ms`, or when `signal` aborts (the
   * connection closed): a long-polling fetch then looks again, or gives up.
   */
  nextAppend(partitions: readonly PartitionLog[], ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        for (const partition of partitions) partition.appended.off('append', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      for (const partition of partitions) partition.appended.on('append', done);
    });
  }

  /**
   * Deletes the batches older than their topic's retention (`retention.ms` against each batch's
   * newest timestamp), oldest first, moving the log start offset past them; returns how many
   * batches went. Kafka deletes whole segments, so it keeps a little more than this for a while.
   */
  applyRetention(now: number): number {
    let deleted = 0;
    for (const topic of this.topics.values()) {
      if (topic.retentionMs < 0) continue;
      const cutoff = now - topic.retentionMs;
      for (const partition of topic.partitions) {
        let expired = 0;
        while (
          expired < partition.batches.length &&
          partition.batches[expired]!.maxTimestamp < cutoff
        )
          expired += 1;
        if (expired === 0) continue;
        partition.batches.splice(0, expired);
        partition.logStartOffset = partition.batches[0]?.baseOffset ?? partition.logEndOffset;
        deleted += expired;
      }
    }
    return deleted;
  }

  /** Fetches waiting for records (long polls) on a topic's partitions at this moment. */
  waitingFetches(topic: string): number {
    return (this.topics.get(topic)?.partitions ?? []).reduce(
      (sum, partition) => sum + partition.appended.listenerCount('append'),
      0,
    );
  }

  /** Ends every long poll now (the broker is stopping, or forgetting its topics). */
  wakeWaiting(): void {
    for (const topic of this.topics.values())
      for (const partition of topic.partitions) partition.appended.emit('append');
  }

  clear(): void {
    this.wakeWaiting();
    this.topics.clear();
  }
}

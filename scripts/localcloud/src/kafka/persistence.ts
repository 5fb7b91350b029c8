/**
 * The broker's state in a folder, so that a restart with the same `stateDir` finds the topics'
 * records, the groups' committed offsets and the idempotent producers where they were:
 *
 *   <stateDir>/kafka/broker.json     topics, partitions' offsets and batch index, producers,
 *                                    committed offsets, the last producer id handed out
 *   <stateDir>/kafka/topic-<n>.log   the n-th topic's stored batches, partition after partition
 *                                    (numbered, not named: `Orders` and `orders` are two topics,
 *                                    and one file on a case-insensitive file system)
 *   <stateDir>/kafka-producer-ids    the producer ids reserved so far (see reserveProducerIds)
 *
 * A save writes a whole new folder and then swaps it in, so a crash mid-save leaves the previous
 * save whole (restore falls back to it).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommittedOffsets, GroupCoordinator } from './group-coordinator';
import type { ProducerSnapshot } from './producer-state';
import type { StoredBatch, TopicLog } from './topic-log';

const FORMAT = 1;

interface SavedPartition {
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  /** Each batch's offsets, newest timestamp and length in the topic's .log file, in order. */
  readonly batches: readonly (readonly [number, number, number, number])[];
  readonly producers: ProducerSnapshot;
}

interface SavedTopic {
  readonly name: string;
  /** Its batches' file in the folder. */
  readonly file: string;
  readonly maxMessageBytes: number;
  readonly retentionMs: number;
  readonly partitions: readonly SavedPartition[];
}

interface SavedBroker {
  readonly format: number;
  readonly lastProducerId: string;
  readonly topics: readonly SavedTopic[];
  readonly offsets: CommittedOffsets;
}

export interface BrokerState {
  readonly topics: TopicLog;
  readonly groups: GroupCoordinator;
  lastProducerId: bigint;
}

export function saveBroker(stateDir: string, state: BrokerState): void {
  const folder = join(stateDir, 'kafka');
  const next = `${folder}.saving-${process.pid}`;
  const previous = `${folder}.previous`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  const topics = state.topics.list().map((topic, index): SavedTopic => {
    const file = `topic-${index}.log`;
    const data: Buffer[] = [];
    const partitions = topic.partitions.map((partition): SavedPartition => {
      data.push(...partition.batches.map((batch) => batch.bytes));
      return {
        logStartOffset: partition.logStartOffset,
        logEndOffset: partition.logEndOffset,
        batches: partition.batches.map((batch) => [
          batch.baseOffset,
          batch.lastOffset,
          batch.maxTimestamp,
          batch.bytes.length,
        ]),
        producers: partition.producers.snapshot(),
      };
    });
    writeFileSync(join(next, file), Buffer.concat(data));
    return {
      name: topic.name,
      file,
      maxMessageBytes: topic.maxMessageBytes,
      retentionMs: topic.retentionMs,
      partitions,
    };
  });
  const saved: SavedBroker = {
    format: FORMAT,
    lastProducerId: String(state.lastProducerId),
    topics,
    offsets: state.groups.snapshotOffsets(),
  };
  writeFileSync(join(next, 'broker.json'), JSON.stringify(saved));
  // The previous save is removed only once another whole one is in place: a crash at any point
  // leaves `kafka` or `kafka.previous` restorable.
  if (existsSync(folder)) {
    rmSync(previous, { recursive: true, force: true });
    renameSync(folder, previous);
  }
  renameSync(next, folder);
  rmSync(previous, { recursive: true, force: true });
}

/** Producer ids are reserved this many at a time, as Kafka's controller hands out blocks. */
export const PRODUCER_ID_BLOCK = 1_000n;

/**
 * Reserves the producer ids up to `upTo` in the state folder before any of them is handed out,
 * so that a broker killed before its next save never hands one out again after a restart.
 */
export function reserveProducerIds(stateDir: string, upTo: bigint): void {
  mkdirSync(stateDir, { recursive: true });
  const file = join(stateDir, 'kafka-producer-ids');
  writeFileSync(`${file}.${process.pid}.tmp`, String(upTo));
  renameSync(`${file}.${process.pid}.tmp`, file);
}

/** The last producer id reserved in the state folder (0 when none was). */
export function reservedProducerIds(stateDir: string): bigint {
  const file = join(stateDir, 'kafka-producer-ids');
  return existsSync(file) ? BigInt(readFileSync(file, 'utf8').trim()) : 0n;
}

/** Restores the last save into an empty broker; false when there is none. */
export function restoreBroker(stateDir: string, state: BrokerState): boolean {
  const folder = [join(stateDir, 'kafka'), join(stateDir, 'kafka.previous')].find((candidate) =>
    existsSync(join(candidate, 'broker.json')),
  );
  if (folder === undefined) return false;
  const saved = JSON.parse(readFileSync(join(folder, 'broker.json'), 'utf8')) as SavedBroker;
  if (saved.format !== FORMAT)
    throw new Error(`${folder}/broker.json is format ${saved.format}; this broker reads ${FORMAT}`);
  for (const savedTopic of saved.topics) {
    const topic = state.topics.createTopic(savedTopic.name, {
      partitions: savedTopic.partitions.length,
      maxMessageBytes: savedTopic.maxMessageBytes,
      retentionMs: savedTopic.retentionMs,
    });
    const data = readFileSync(join(folder, savedTopic.file));
    let at = 0;
    savedTopic.partitions.forEach((savedPartition, index) => {
      const partition = topic.partitions[index]!;
      partition.logStartOffset = savedPartition.logStartOffset;
      partition.logEndOffset = savedPartition.logEndOffset;
      partition.producers.restore(savedPartition.producers);
      for (const [baseOffset, lastOffset, maxTimestamp, length] of savedPartition.batches) {
        const batch: StoredBatch = {
          baseOffset,
          lastOffset,
          maxTimestamp,
          bytes: data.subarray(at, at + length),
        };
        partition.batches.push(batch);
        at += length;
      }
    });
    if (at !== data.length)
      throw new Error(`${folder}/${savedTopic.file} does not match broker.json`);
  }
  state.groups.restoreOffsets(saved.offsets);
  state.lastProducerId = BigInt(saved.lastProducerId);
  return true;
}

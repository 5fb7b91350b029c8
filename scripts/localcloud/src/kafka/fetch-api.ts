/**
 * Fetch: the record batches of the partitions asked for, from the offsets asked for, with long
 * polling. Stored batches are sent as they are, without being copied (protocol/writer.ts).
 */
import { THROTTLE_NONE, type KafkaApi } from './api';
import { KAFKA_ERRORS } from './protocol/error-codes';
import type { KafkaReader } from './protocol/reader';
import { KafkaWriter } from './protocol/writer';
import type { TopicLog } from './topic-log';

interface FetchPartition {
  readonly index: number;
  readonly fetchOffset: number;
  readonly maxBytes: number;
}

interface FetchTopic {
  readonly name: string;
  readonly partitions: readonly FetchPartition[];
}

function readFetch(request: KafkaReader, version: number) {
  request.int32(); // replica_id: always a consumer here
  const maxWaitMs = request.int32();
  const minBytes = request.int32();
  const maxBytes = request.int32();
  request.int8(); // isolation_level: no transactions, so both levels read the same
  if (version >= 7) {
    request.int32(); // session_id: 0, no incremental fetch sessions
    request.int32(); // session_epoch
  }
  const topics = request.array((topicReader): FetchTopic => ({
    name: topicReader.string(),
    partitions: topicReader.array((partitionReader): FetchPartition => {
      const index = partitionReader.int32();
      if (version >= 9) partitionReader.int32(); // current_leader_epoch
      const fetchOffset = Number(partitionReader.int64());
      if (version >= 5) partitionReader.int64(); // log_start_offset: a follower's
      return { index, fetchOffset, maxBytes: partitionReader.int32() };
    }),
  }));
  return { maxWaitMs, minBytes, maxBytes, topics };
}

interface FetchedPartition {
  readonly index: number;
  readonly errorCode: number;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly records: Buffer[];
}

interface FetchedTopic {
  readonly name: string;
  readonly partitions: readonly FetchedPartition[];
}

function fetchPartitions(
  log: TopicLog,
  topics: readonly FetchTopic[],
  maxBytes: number,
): FetchedTopic[] {
  let budget = maxBytes;
  // Only the first partition with records may exceed the limits (KIP-74): the consumer can then
  // always move past a batch larger than its limits, and the response stays bounded.
  let firstReturned = false;
  return topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((wanted): FetchedPartition => {
      const partition = log.partition(topic.name, wanted.index);
      if (!partition) return failed(wanted.index, KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION);
      const outOfRange =
        wanted.fetchOffset < partition.logStartOffset ||
        wanted.fetchOffset > partition.logEndOffset;
      const records = outOfRange
        ? []
        : partition.read(
            wanted.fetchOffset,
            Math.min(wanted.maxBytes, Math.max(0, budget)),
            !firstReturned,
          );
      if (records.length > 0) firstReturned = true;
      budget -= records.reduce((sum, part) => sum + part.length, 0);
      return {
        index: wanted.index,
        errorCode: outOfRange ? KAFKA_ERRORS.OFFSET_OUT_OF_RANGE : KAFKA_ERRORS.NONE,
        highWatermark: partition.logEndOffset,
        logStartOffset: partition.logStartOffset,
        records,
      };
    }),
  }));
}

/** A partition read nothing from: -1 for each offset, as Kafka answers a failed partition. */
function failed(index: number, errorCode: number): FetchedPartition {
  return { index, errorCode, highWatermark: -1, logStartOffset: -1, records: [] };
}

function answer(version: number, fetched: readonly FetchedTopic[]): KafkaWriter {
  const writer = new KafkaWriter().int32(THROTTLE_NONE);
  if (version >= 7) writer.int16(KAFKA_ERRORS.NONE).int32(0); // error_code, session_id
  writer.array(fetched, (out, topic) => {
    out.string(topic.name);
    out.array(topic.partitions, (partitionOut, partition) => {
      partitionOut.int32(partition.index).int16(partition.errorCode);
      partitionOut.int64(BigInt(partition.highWatermark)); // high watermark
      partitionOut.int64(BigInt(partition.highWatermark)); // last stable offset
      if (version >= 5) partitionOut.int64(BigInt(partition.logStartOffset));
      partitionOut.int32(0); // aborted_transactions: none
      // Consumers follow a preferred read replica; this broker is the only one.
      if (version >= 11) partitionOut.int32(-1);
      // Never null: librdkafka refuses a record set of size -1.
      partitionOut.bytesOf(partition.records);
    });
  });
  return writer;
}

export const fetch: KafkaApi = {
  key: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  handle: async (request, version, { log, stopped, connectionClosed }) => {
    const { maxWaitMs, minBytes, maxBytes, topics } = readFetch(request, version);
    const watched = topics.flatMap((topic) =>
      topic.partitions.flatMap((wanted) => log.partition(topic.name, wanted.index) ?? []),
    );
    const deadline = Date.now() + maxWaitMs;
    let fetched = fetchPartitions(log, topics, maxBytes);
    const partitions = () => fetched.flatMap((topic) => topic.partitions);
    const size = () =>
      partitions()
        .flatMap((partition) => partition.records)
        .reduce((bytes, part) => bytes + part.length, 0);
    const anyFailed = () => partitions().some((partition) => partition.errorCode !== 0);
    // Long polling: wait for appends to these partitions until min_bytes are there or
    // max_wait_ms has passed; a fetch of nothing, or with min_bytes 0, is answered at once.
    const waiting = () =>
      watched.length > 0 &&
      size() < minBytes &&
      !anyFailed() &&
      Date.now() < deadline &&
      !stopped() &&
      !connectionClosed.aborted;
    while (waiting()) {
      await log.nextAppend(watched, deadline - Date.now(), connectionClosed);
      fetched = fetchPartitions(log, topics, maxBytes);
    }
    return answer(version, fetched);
  },
  refuse: (request, version, { errorCode }) => {
    const { topics } = readFetch(request, version);
    const fetched = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((wanted) => failed(wanted.index, errorCode)),
    }));
    return answer(version, fetched);
  },
  topicsOf: (request, version) => readFetch(request, version).topics.map((topic) => topic.name),
};

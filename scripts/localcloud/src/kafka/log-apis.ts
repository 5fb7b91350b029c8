/**
 * The APIs that write and read the topics: Metadata, Produce, Fetch, ListOffsets and
 * InitProducerId. librdkafka turns features on only when the advertised range contains certain
 * versions (record batches v2 need Produce 3 and Fetch 4), which is why those ranges start where
 * they do.
 */
import { CloseConnectionError, THROTTLE_NONE, type KafkaApi } from './api';
import { KAFKA_ERRORS } from './protocol/error-codes';
import type { KafkaReader } from './protocol/reader';
import { KafkaWriter } from './protocol/writer';
import { InvalidProducerEpochError, OutOfOrderSequenceError } from './producer-state';
import { InvalidBatchError } from './record-batch';
import { MessageTooLargeError, type TopicLog } from './topic-log';

const metadata: KafkaApi = {
  key: 3,
  name: 'Metadata',
  minVersion: 4,
  maxVersion: 4,
  handle: (request, _version, { log, broker }) => {
    // null asks for every topic; an empty list for none (the brokers only).
    const asked = request.nullableArray((reader) => reader.string());
    request.boolean(); // allow_auto_topic_creation: ignored, topics are never created on demand
    const names = asked ?? log.list().map((topic) => topic.name);
    const writer = new KafkaWriter().int32(THROTTLE_NONE);
    writer.array([broker], (out, node) => {
      out.int32(node.nodeId).string(node.host).int32(node.port).nullableString(null);
    });
    // Clients send InitProducerId to the controller: it must be a broker they know.
    writer.nullableString(broker.clusterId).int32(broker.nodeId);
    writer.array(names, (out, name) => {
      const topic = log.topic(name);
      out.int16(topic ? KAFKA_ERRORS.NONE : KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION);
      out.string(name).boolean(false);
      out.array(topic?.partitions ?? [], (partitionOut, _partition, index) => {
        partitionOut.int16(KAFKA_ERRORS.NONE).int32(index).int32(broker.nodeId);
        partitionOut.array([broker.nodeId], (ids, id) => ids.int32(id)); // replicas
        partitionOut.array([broker.nodeId], (ids, id) => ids.int32(id)); // in-sync replicas
      });
    });
    return writer;
  },
};

interface PartitionAnswer {
  readonly index: number;
  readonly errorCode: number;
  readonly baseOffset: number;
  readonly logStartOffset: number;
}

const produce: KafkaApi = {
  key: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 7,
  handle: (request, version, { log }) => {
    request.nullableString(); // transactional_id: transactions are not kept
    const acks = request.int16();
    request.int32(); // timeout_ms: every append is immediate
    // acks must be all (-1), none (0) or the leader (1); anything else appends nothing.
    const validAcks = acks === -1 || acks === 0 || acks === 1;
    const answers = request.array((topicReader) => {
      const name = topicReader.string();
      const partitions = topicReader.array((partitionReader) => {
        const index = partitionReader.int32();
        const records = partitionReader.nullableBytes();
        return validAcks
          ? appendRecords(log, name, index, records)
          : {
              index,
              errorCode: KAFKA_ERRORS.INVALID_REQUIRED_ACKS,
              baseOffset: -1,
              logStartOffset: -1,
            };
      });
      return { name, partitions };
    });
    if (acks === 0) {
      // The client waits for nothing, so an error can only be told by closing the connection.
      const refused = answers.some((topic) => topic.partitions.some((answer) => answer.errorCode));
      if (refused) throw new CloseConnectionError('a Produce with acks=0 was refused');
      return undefined;
    }
    const writer = new KafkaWriter();
    writer.array(answers, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (partitionOut, answer) => {
        partitionOut.int32(answer.index).int16(answer.errorCode).int64(BigInt(answer.baseOffset));
        partitionOut.int64(-1n); // log_append_time_ms: the producer's CreateTime is kept
        if (version >= 5) partitionOut.int64(BigInt(answer.logStartOffset));
      });
    });
    return writer.int32(THROTTLE_NONE);
  },
};

function appendRecords(
  log: TopicLog,
  topic: string,
  index: number,
  records: Buffer | null,
): PartitionAnswer {
  const partition = log.partition(topic, index);
  const failed = (errorCode: number) => ({
    index,
    errorCode,
    baseOffset: -1,
    logStartOffset: partition?.logStartOffset ?? -1,
  });
  if (!partition) return failed(KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION);
  if (records === null) return failed(KAFKA_ERRORS.INVALID_RECORD);
  try {
    const baseOffset = log.append(topic, index, records);
    return {
      index,
      errorCode: KAFKA_ERRORS.NONE,
      baseOffset,
      logStartOffset: partition.logStartOffset,
    };
  } catch (error) {
    if (error instanceof MessageTooLargeError) return failed(KAFKA_ERRORS.MESSAGE_TOO_LARGE);
    if (error instanceof OutOfOrderSequenceError)
      return failed(KAFKA_ERRORS.OUT_OF_ORDER_SEQUENCE_NUMBER);
    if (error instanceof InvalidProducerEpochError)
      return failed(KAFKA_ERRORS.INVALID_PRODUCER_EPOCH);
    if (error instanceof InvalidBatchError)
      return failed(error.corrupt ? KAFKA_ERRORS.CORRUPT_MESSAGE : KAFKA_ERRORS.INVALID_RECORD);
    throw error;
  }
}

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

function fetchPartitions(log: TopicLog, topics: readonly FetchTopic[], maxBytes: number) {
  let budget = maxBytes;
  // Only the first partition with records may exceed the limits (KIP-74): the consumer can then
  // always move past a batch larger than its limits, and the response stays bounded.
  let firstReturned = false;
  return topics.map((topic) => ({
    name: topic.name,
    partitions: topic.partitions.map((wanted): FetchedPartition => {
      const partition = log.partition(topic.name, wanted.index);
      if (!partition)
        return {
          index: wanted.index,
          errorCode: KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION,
          highWatermark: -1,
          logStartOffset: -1,
          records: [],
        };
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

const fetch: KafkaApi = {
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
    const failed = () => partitions().some((partition) => partition.errorCode !== 0);
    // Long polling: wait for appends to these partitions until min_bytes are there or
    // max_wait_ms has passed; a fetch of nothing, or with min_bytes 0, is answered at once.
    const waiting = () =>
      watched.length > 0 &&
      size() < minBytes &&
      !failed() &&
      Date.now() < deadline &&
      !stopped() &&
      !connectionClosed.aborted;
    while (waiting()) {
      await log.nextAppend(watched, deadline - Date.now(), connectionClosed);
      fetched = fetchPartitions(log, topics, maxBytes);
    }
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
  },
};

/** ListOffsets' special timestamps. */
const LATEST = -1;
const EARLIEST = -2;

const listOffsets: KafkaApi = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 2,
  maxVersion: 2,
  handle: (request, _version, { log }) => {
    request.int32(); // replica_id
    request.int8(); // isolation_level
    const topics = request.array((topicReader) => ({
      name: topicReader.string(),
      partitions: topicReader.array((partitionReader) => ({
        index: partitionReader.int32(),
        timestamp: Number(partitionReader.int64()),
      })),
    }));
    const writer = new KafkaWriter().int32(THROTTLE_NONE);
    writer.array(topics, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (partitionOut, wanted) => {
        const partition = log.partition(topic.name, wanted.index);
        if (!partition) {
          partitionOut.int32(wanted.index).int16(KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION);
          partitionOut.int64(-1n).int64(-1n);
          return;
        }
        const found =
          wanted.timestamp === LATEST
            ? { offset: partition.logEndOffset, timestamp: -1 }
            : wanted.timestamp === EARLIEST
              ? { offset: partition.logStartOffset, timestamp: -1 }
              : (partition.offsetForTimestamp(wanted.timestamp) ?? { offset: -1, timestamp: -1 });
        partitionOut.int32(wanted.index).int16(KAFKA_ERRORS.NONE);
        partitionOut.int64(BigInt(found.timestamp)).int64(BigInt(found.offset));
      });
    });
    return writer;
  },
};

const initProducerId: KafkaApi = {
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle: (request, _version, { newProducerId }) => {
    const transactionalId = request.nullableString();
    request.int32(); // transaction_timeout_ms
    const writer = new KafkaWriter().int32(THROTTLE_NONE);
    // Transactions are not kept: a transactional producer is refused at once, by name.
    if (transactionalId !== null)
      return writer.int16(KAFKA_ERRORS.INVALID_REQUEST).int64(-1n).int16(-1);
    // A new producer's epoch starts at 0.
    return writer.int16(KAFKA_ERRORS.NONE).int64(newProducerId()).int16(0);
  },
};

/** The APIs that write and read the topics' logs. */
export const LOG_APIS: readonly KafkaApi[] = [
  initProducerId,
  produce,
  fetch,
  listOffsets,
  metadata,
];

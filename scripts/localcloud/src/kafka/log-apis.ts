/**
 * The APIs that write and read the topics: Metadata, Produce (produce-api.ts), Fetch
 * (fetch-api.ts), ListOffsets and InitProducerId. librdkafka turns features on only when the
 * advertised range contains certain versions (record batches v2 need Produce 3 and Fetch 4),
 * which is why those ranges start where they do.
 */
import { THROTTLE_NONE, type BrokerAddress, type KafkaApi } from './api';
import { fetch } from './fetch-api';
import { produce } from './produce-api';
import { KAFKA_ERRORS } from './protocol/error-codes';
import type { KafkaReader } from './protocol/reader';
import { KafkaWriter } from './protocol/writer';
import type { TopicLog } from './topic-log';

/** Metadata's topic list: null asks for every topic; an empty list for none (the brokers only). */
function readMetadata(request: KafkaReader, log: TopicLog): string[] {
  const asked = request.nullableArray((reader) => reader.string());
  request.boolean(); // allow_auto_topic_creation: ignored, topics are never created on demand
  return asked ?? log.list().map((topic) => topic.name);
}

interface TopicMetadata {
  readonly name: string;
  readonly errorCode: number;
  readonly partitions: readonly { readonly index: number; readonly errorCode: number }[];
}

function answerMetadata(broker: BrokerAddress, topics: readonly TopicMetadata[]): KafkaWriter {
  const writer = new KafkaWriter().int32(THROTTLE_NONE);
  writer.array([broker], (out, node) => {
    out.int32(node.nodeId).string(node.host).int32(node.port).nullableString(null);
  });
  // Clients send InitProducerId to the controller: it must be a broker they know.
  writer.nullableString(broker.clusterId).int32(broker.nodeId);
  writer.array(topics, (out, topic) => {
    out.int16(topic.errorCode).string(topic.name).boolean(false);
    out.array(topic.partitions, (partitionOut, partition) => {
      partitionOut.int16(partition.errorCode).int32(partition.index).int32(broker.nodeId);
      partitionOut.array([broker.nodeId], (ids, id) => ids.int32(id)); // replicas
      partitionOut.array([broker.nodeId], (ids, id) => ids.int32(id)); // in-sync replicas
    });
  });
  return writer;
}

/** A topic's metadata with `errorCode` on the topic and on each of its partitions. */
function topicMetadata(log: TopicLog, name: string, errorCode: number): TopicMetadata {
  const partitions = log.topic(name)?.partitions ?? [];
  return {
    name,
    errorCode,
    partitions: partitions.map((_partition, index) => ({ index, errorCode })),
  };
}

const metadata: KafkaApi = {
  key: 3,
  name: 'Metadata',
  minVersion: 4,
  maxVersion: 4,
  handle: (request, _version, { log, broker }) => {
    const topics = readMetadata(request, log).map((name) =>
      // An unknown topic has no partitions to list.
      topicMetadata(
        log,
        name,
        log.topic(name) ? KAFKA_ERRORS.NONE : KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION,
      ),
    );
    return answerMetadata(broker, topics);
  },
  // The brokers are still described: a client learns where to send its next request.
  refuse: (request, _version, { errorCode }, { log, broker }) =>
    answerMetadata(
      broker,
      readMetadata(request, log).map((name) => topicMetadata(log, name, errorCode)),
    ),
  topicsOf: (request, _version, { log }) => readMetadata(request, log),
};

/** ListOffsets' special timestamps. */
const LATEST = -1;
const EARLIEST = -2;

function readListOffsets(request: KafkaReader) {
  request.int32(); // replica_id
  request.int8(); // isolation_level
  return request.array((topicReader) => ({
    name: topicReader.string(),
    partitions: topicReader.array((partitionReader) => ({
      index: partitionReader.int32(),
      timestamp: Number(partitionReader.int64()),
    })),
  }));
}

interface FoundOffset {
  readonly index: number;
  readonly errorCode: number;
  readonly timestamp: number;
  readonly offset: number;
}

function answerListOffsets(
  topics: readonly { readonly name: string; readonly partitions: readonly FoundOffset[] }[],
): KafkaWriter {
  const writer = new KafkaWriter().int32(THROTTLE_NONE);
  writer.array(topics, (out, topic) => {
    out.string(topic.name);
    out.array(topic.partitions, (partitionOut, found) => {
      partitionOut.int32(found.index).int16(found.errorCode);
      partitionOut.int64(BigInt(found.timestamp)).int64(BigInt(found.offset));
    });
  });
  return writer;
}

const notFound = (index: number, errorCode: number): FoundOffset => ({
  index,
  errorCode,
  timestamp: -1,
  offset: -1,
});

const listOffsets: KafkaApi = {
  key: 2,
  name: 'ListOffsets',
  minVersion: 2,
  maxVersion: 2,
  handle: (request, _version, { log }) => {
    const topics = readListOffsets(request).map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((wanted): FoundOffset => {
        const partition = log.partition(topic.name, wanted.index);
        if (!partition) return notFound(wanted.index, KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION);
        const found =
          wanted.timestamp === LATEST
            ? { offset: partition.logEndOffset, timestamp: -1 }
            : wanted.timestamp === EARLIEST
              ? { offset: partition.logStartOffset, timestamp: -1 }
              : (partition.offsetForTimestamp(wanted.timestamp) ?? { offset: -1, timestamp: -1 });
        return { index: wanted.index, errorCode: KAFKA_ERRORS.NONE, ...found };
      }),
    }));
    return answerListOffsets(topics);
  },
  refuse: (request, _version, { errorCode }) =>
    answerListOffsets(
      readListOffsets(request).map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((wanted) => notFound(wanted.index, errorCode)),
      })),
    ),
  topicsOf: (request) => readListOffsets(request).map((topic) => topic.name),
};

/** InitProducerId's answer: a producer id and epoch, or -1 for both with an error. */
function answerInitProducerId(errorCode: number, producerId = -1n, epoch = -1): KafkaWriter {
  return new KafkaWriter().int32(THROTTLE_NONE).int16(errorCode).int64(producerId).int16(epoch);
}

const initProducerId: KafkaApi = {
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  handle: (request, _version, { newProducerId }) => {
    const transactionalId = request.nullableString();
    request.int32(); // transaction_timeout_ms
    // Transactions are not kept: a transactional producer is refused at once, by name.
    if (transactionalId !== null) return answerInitProducerId(KAFKA_ERRORS.INVALID_REQUEST);
    // A new producer's epoch starts at 0.
    return answerInitProducerId(KAFKA_ERRORS.NONE, newProducerId(), 0);
  },
  refuse: (_request, _version, { errorCode }) => answerInitProducerId(errorCode),
};

/** The APIs that write and read the topics' logs. */
export const LOG_APIS: readonly KafkaApi[] = [
  initProducerId,
  produce,
  fetch,
  listOffsets,
  metadata,
];

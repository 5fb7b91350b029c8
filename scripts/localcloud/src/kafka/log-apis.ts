/**
 * The APIs that write and read the topics: Metadata, Produce (produce-api.ts), Fetch
 * (fetch-api.ts), ListOffsets and InitProducerId. librdkafka turns features on only when the
 * advertised range contains certain versions (record batches v2 need Produce 3 and Fetch 4),
 * which is why those ranges start where they do.
 */
import { THROTTLE_NONE, type KafkaApi } from './api';
import { fetch } from './fetch-api';
import { produce } from './produce-api';
import { KAFKA_ERRORS } from './protocol/error-codes';
import { KafkaWriter } from './protocol/writer';

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

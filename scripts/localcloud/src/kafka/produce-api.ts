/**
 * Produce: one record batch per partition, appended to the topic log. The request is read whole
 * before anything is appended, so a request cut short stores nothing of it.
 */
import { CloseConnectionError, THROTTLE_NONE, type KafkaApi } from './api';
import { KAFKA_ERRORS } from './protocol/error-codes';
import type { KafkaReader } from './protocol/reader';
import { KafkaWriter } from './protocol/writer';
import { InvalidProducerEpochError, OutOfOrderSequenceError } from './producer-state';
import { InvalidBatchError } from './record-batch';
import { MessageTooLargeError, type TopicLog } from './topic-log';

interface ProduceRequest {
  readonly acks: number;
  readonly topics: readonly {
    readonly name: string;
    readonly partitions: readonly { readonly index: number; readonly records: Buffer | null }[];
  }[];
}

interface PartitionAnswer {
  readonly index: number;
  readonly errorCode: number;
  readonly baseOffset: number;
  readonly logStartOffset: number;
}

interface TopicAnswer {
  readonly name: string;
  readonly partitions: readonly PartitionAnswer[];
}

function readProduce(request: KafkaReader): ProduceRequest {
  request.nullableString(); // transactional_id: transactions are not kept
  const acks = request.int16();
  request.int32(); // timeout_ms: every append is immediate
  const topics = request.array((topicReader) => ({
    name: topicReader.string(),
    partitions: topicReader.array((partitionReader) => ({
      index: partitionReader.int32(),
      records: partitionReader.nullableBytes(),
    })),
  }));
  return { acks, topics };
}

/** A partition nothing was appended to: no offset, and -1 for a log start not looked up. */
function failed(index: number, errorCode: number, logStartOffset = -1): PartitionAnswer {
  return { index, errorCode, baseOffset: -1, logStartOffset };
}

function answer(acks: number, version: number, topics: readonly TopicAnswer[]) {
  if (acks === 0) {
    // The client waits for nothing, so an error can only be told by closing the connection.
    const refused = topics.some((topic) =>
      topic.partitions.some((partition) => partition.errorCode),
    );
    if (refused) throw new CloseConnectionError('a Produce with acks=0 was refused');
    return undefined;
  }
  const writer = new KafkaWriter();
  writer.array(topics, (out, topic) => {
    out.string(topic.name);
    out.array(topic.partitions, (partitionOut, partition) => {
      partitionOut.int32(partition.index).int16(partition.errorCode);
      partitionOut.int64(BigInt(partition.baseOffset));
      partitionOut.int64(-1n); // log_append_time_ms: the producer's CreateTime is kept
      if (version >= 5) partitionOut.int64(BigInt(partition.logStartOffset));
    });
  });
  return writer.int32(THROTTLE_NONE);
}

export const produce: KafkaApi = {
  key: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 7,
  handle: (request, version, { log }) => {
    const { acks, topics } = readProduce(request);
    // acks must be all (-1), none (0) or the leader (1); anything else appends nothing.
    const validAcks = acks === -1 || acks === 0 || acks === 1;
    const answers = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((partition) =>
        validAcks
          ? appendRecords(log, topic.name, partition.index, partition.records)
          : failed(partition.index, KAFKA_ERRORS.INVALID_REQUIRED_ACKS),
      ),
    }));
    return answer(acks, version, answers);
  },
  refuse: (request, version, { errorCode }) => {
    const { acks, topics } = readProduce(request);
    const answers = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((partition) => failed(partition.index, errorCode)),
    }));
    return answer(acks, version, answers);
  },
  topicsOf: (request) => readProduce(request).topics.map((topic) => topic.name),
};

function appendRecords(
  log: TopicLog,
  topic: string,
  index: number,
  records: Buffer | null,
): PartitionAnswer {
  const partition = log.partition(topic, index);
  if (!partition) return failed(index, KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION);
  const refused = (errorCode: number) => failed(index, errorCode, partition.logStartOffset);
  if (records === null) return refused(KAFKA_ERRORS.INVALID_RECORD);
  try {
    const baseOffset = log.append(topic, index, records);
    return {
      index,
      errorCode: KAFKA_ERRORS.NONE,
      baseOffset,
      logStartOffset: partition.logStartOffset,
    };
  } catch (error) {
    if (error instanceof MessageTooLargeError) return refused(KAFKA_ERRORS.MESSAGE_TOO_LARGE);
    if (error instanceof OutOfOrderSequenceError)
      return refused(KAFKA_ERRORS.OUT_OF_ORDER_SEQUENCE_NUMBER);
    if (error instanceof InvalidProducerEpochError)
      return refused(KAFKA_ERRORS.INVALID_PRODUCER_EPOCH);
    if (error instanceof InvalidBatchError)
      return refused(error.corrupt ? KAFKA_ERRORS.CORRUPT_MESSAGE : KAFKA_ERRORS.INVALID_RECORD);
    throw error;
  }
}

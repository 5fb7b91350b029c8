/**
 * The consumer-group APIs: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
 * OffsetCommit and OffsetFetch, in every version from the oldest librdkafka's feature checks need
 * up to the newest non-flexible one. The wire layouts per version follow Apache Kafka's message
 * schemas; the group's behaviour lives in group-coordinator.ts.
 */
import { THROTTLE_NONE, type KafkaApi } from './api';
import type { GroupProtocol } from './group-coordinator';
import { KAFKA_ERRORS } from './protocol/error-codes';
import { KafkaWriter } from './protocol/writer';

/** Versions from which a response starts with throttle_time_ms. */
const THROTTLE_FROM = { join: 2, sync: 1, heartbeat: 1, leave: 1, commit: 3, fetch: 3 };

const GROUP_KEY_TYPE = 0;

const findCoordinator: KafkaApi = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle: (request, version, { broker }) => {
    request.string(); // key: the group id; this broker coordinates every group
    const keyType = version >= 1 ? request.int8() : GROUP_KEY_TYPE;
    const writer = new KafkaWriter();
    if (version >= 1) writer.int32(THROTTLE_NONE);
    // Transactions are not kept, so there is no transaction coordinator to find.
    const errorCode =
      keyType === GROUP_KEY_TYPE ? KAFKA_ERRORS.NONE : KAFKA_ERRORS.COORDINATOR_NOT_AVAILABLE;
    writer.int16(errorCode);
    if (version >= 1)
      writer.nullableString(errorCode === KAFKA_ERRORS.NONE ? null : 'transactions are not kept');
    return writer.int32(broker.nodeId).string(broker.host).int32(broker.port);
  },
};

const joinGroup: KafkaApi = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  handle: async (request, version, { groups, connection }) => {
    const groupId = request.string();
    const sessionTimeoutMs = request.int32();
    const rebalanceTimeoutMs = version >= 1 ? request.int32() : sessionTimeoutMs;
    const memberId = request.string();
    // A static member (group_instance_id) is treated as a dynamic one: it gets a new member
    // id when it joins again after a restart, and the group rebalances.
    if (version >= 5) request.nullableString();
    const protocolType = request.string();
    const protocols = request.array((reader): GroupProtocol => ({
      name: reader.string(),
      metadata: reader.bytes(),
    }));
    const joined = await groups.join({
      groupId,
      memberId,
      clientId: connection.clientId ?? 'consumer',
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      protocolType,
      protocols,
    });
    const writer = new KafkaWriter();
    if (version >= THROTTLE_FROM.join) writer.int32(THROTTLE_NONE);
    writer.int16(joined.errorCode).int32(joined.generationId);
    writer.string(joined.protocolName).string(joined.leader).string(joined.memberId);
    writer.array(joined.members, (out, member) => {
      out.string(member.memberId);
      if (version >= 5) out.nullableString(null);
      out.nullableBytes(member.metadata);
    });
    return writer;
  },
};

const syncGroup: KafkaApi = {
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  handle: async (request, version, { groups }) => {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    if (version >= 3) request.nullableString(); // group_instance_id
    const assignments = new Map(
      request.array((reader) => [reader.string(), reader.bytes()] as const),
    );
    const synced = await groups.sync(groupId, generationId, memberId, assignments);
    const writer = new KafkaWriter();
    if (version >= THROTTLE_FROM.sync) writer.int32(THROTTLE_NONE);
    return writer.int16(synced.errorCode).nullableBytes(synced.assignment);
  },
};

const heartbeat: KafkaApi = {
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  handle: (request, version, { groups }) => {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    if (version >= 3) request.nullableString(); // group_instance_id
    const writer = new KafkaWriter();
    if (version >= THROTTLE_FROM.heartbeat) writer.int32(THROTTLE_NONE);
    return writer.int16(groups.heartbeat(groupId, generationId, memberId));
  },
};

const leaveGroup: KafkaApi = {
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 1,
  handle: (request, version, { groups }) => {
    const groupId = request.string();
    const memberId = request.string();
    const writer = new KafkaWriter();
    if (version >= THROTTLE_FROM.leave) writer.int32(THROTTLE_NONE);
    return writer.int16(groups.leave(groupId, memberId));
  },
};

const offsetCommit: KafkaApi = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 5,
  handle: (request, version, { groups, log }) => {
    const groupId = request.string();
    const generationId = request.int32();
    const memberId = request.string();
    if (version <= 4) request.int64(); // retention_time_ms: offsets are kept while the broker is
    const topics = request.array((topicReader) => ({
      name: topicReader.string(),
      partitions: topicReader.array((reader) => ({
        index: reader.int32(),
        offset: Number(reader.int64()),
        metadata: reader.nullableString(),
      })),
    }));
    const groupError = groups.checkCommit(groupId, generationId, memberId);
    const writer = new KafkaWriter();
    if (version >= THROTTLE_FROM.commit) writer.int32(THROTTLE_NONE);
    writer.array(topics, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (partitionOut, partition) => {
        let errorCode: number = groupError;
        if (errorCode === KAFKA_ERRORS.NONE && !log.partition(topic.name, partition.index))
          errorCode = KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION;
        if (errorCode === KAFKA_ERRORS.NONE)
          groups.commit(groupId, topic.name, partition.index, {
            offset: partition.offset,
            metadata: partition.metadata,
          });
        partitionOut.int32(partition.index).int16(errorCode);
      });
    });
    return writer;
  },
};

/** What OffsetFetch answers for a partition the group never committed: start from the reset. */
const NO_OFFSET = -1n;

const offsetFetch: KafkaApi = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 4,
  handle: (request, version, { groups }) => {
    const groupId = request.string();
    // From version 2 a null list asks for every partition the group committed.
    const asked = request.nullableArray((topicReader) => ({
      name: topicReader.string(),
      partitions: topicReader.array((reader) => reader.int32()),
    }));
    const topics =
      asked ??
      [...groups.committedTopics(groupId)].map(([name, partitions]) => ({ name, partitions }));
    const writer = new KafkaWriter();
    if (version >= THROTTLE_FROM.fetch) writer.int32(THROTTLE_NONE);
    writer.array(topics, (out, topic) => {
      out.string(topic.name);
      out.array(topic.partitions, (partitionOut, index) => {
        const committed = groups.committed(groupId, topic.name, index);
        partitionOut.int32(index);
        partitionOut.int64(committed ? BigInt(committed.offset) : NO_OFFSET);
        partitionOut.nullableString(committed ? committed.metadata : '');
        partitionOut.int16(KAFKA_ERRORS.NONE);
      });
    });
    if (version >= 2) writer.int16(KAFKA_ERRORS.NONE);
    return writer;
  },
};

export const GROUP_APIS: readonly KafkaApi[] = [
  findCoordinator,
  joinGroup,
  syncGroup,
  heartbeat,
  leaveGroup,
  offsetCommit,
  offsetFetch,
];

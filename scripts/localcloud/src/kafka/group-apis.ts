/**
 * The consumer-group APIs: FindCoordinator, JoinGroup, SyncGroup, Heartbeat, LeaveGroup,
 * OffsetCommit and OffsetFetch, in every version from the oldest librdkafka's feature checks need
 * up to the newest non-flexible one. The wire layouts per version follow Apache Kafka's message
 * schemas; the group's behaviour lives in group-coordinator.ts.
 */
import { THROTTLE_NONE, type KafkaApi } from './api';
import {
  failedJoin,
  type GroupCoordinator,
  type GroupProtocol,
  type JoinResult,
  type SyncResult,
} from './group-coordinator';
import { KAFKA_ERRORS } from './protocol/error-codes';
import type { KafkaReader } from './protocol/reader';
import { KafkaWriter } from './protocol/writer';

/** Versions from which a response starts with throttle_time_ms. */
const THROTTLE_FROM = { join: 2, sync: 1, heartbeat: 1, leave: 1, commit: 3, fetch: 3 };

const GROUP_KEY_TYPE = 0;

/** Where no coordinator was found: Kafka's -1 node at no address. */
const NO_COORDINATOR = { nodeId: -1, host: '', port: -1 };

interface Coordinator {
  readonly errorCode: number;
  readonly message: string | null;
  readonly nodeId: number;
  readonly host: string;
  readonly port: number;
}

function answerFindCoordinator(version: number, found: Coordinator): KafkaWriter {
  const writer = new KafkaWriter();
  if (version >= 1) writer.int32(THROTTLE_NONE);
  writer.int16(found.errorCode);
  if (version >= 1) writer.nullableString(found.message);
  return writer.int32(found.nodeId).string(found.host).int32(found.port);
}

const findCoordinator: KafkaApi = {
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  handle: (request, version, { broker }) => {
    request.string(); // key: the group id; this broker coordinates every group
    const keyType = version >= 1 ? request.int8() : GROUP_KEY_TYPE;
    // Transactions are not kept, so there is no transaction coordinator to find.
    const found = keyType === GROUP_KEY_TYPE;
    const { nodeId, host, port } = broker;
    return answerFindCoordinator(version, {
      errorCode: found ? KAFKA_ERRORS.NONE : KAFKA_ERRORS.COORDINATOR_NOT_AVAILABLE,
      message: found ? null : 'transactions are not kept',
      nodeId,
      host,
      port,
    });
  },
  refuse: (_request, version, { errorCode, message }) =>
    answerFindCoordinator(version, { ...NO_COORDINATOR, errorCode, message }),
};

function readJoinGroup(request: KafkaReader, version: number) {
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
  return { groupId, sessionTimeoutMs, rebalanceTimeoutMs, memberId, protocolType, protocols };
}

function answerJoinGroup(version: number, joined: JoinResult): KafkaWriter {
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
}

const joinGroup: KafkaApi = {
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  handle: async (request, version, { groups, connection }) => {
    const joining = readJoinGroup(request, version);
    const joined = await groups.join({
      ...joining,
      clientId: connection.clientId ?? 'consumer',
    });
    return answerJoinGroup(version, joined);
  },
  refuse: (request, version, { errorCode }) =>
    answerJoinGroup(version, failedJoin(errorCode, readJoinGroup(request, version).memberId)),
};

function answerSyncGroup(version: number, synced: SyncResult): KafkaWriter {
  const writer = new KafkaWriter();
  if (version >= THROTTLE_FROM.sync) writer.int32(THROTTLE_NONE);
  return writer.int16(synced.errorCode).nullableBytes(synced.assignment);
}

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
    return answerSyncGroup(version, synced);
  },
  refuse: (_request, version, { errorCode }) =>
    answerSyncGroup(version, { errorCode, assignment: Buffer.alloc(0) }),
};

/** The answer of an API whose response is its error code alone, after the throttle from `since`. */
function answerErrorCode(version: number, since: number, errorCode: number): KafkaWriter {
  const writer = new KafkaWriter();
  if (version >= since) writer.int32(THROTTLE_NONE);
  return writer.int16(errorCode);
}

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
    const errorCode = groups.heartbeat(groupId, generationId, memberId);
    return answerErrorCode(version, THROTTLE_FROM.heartbeat, errorCode);
  },
  refuse: (_request, version, { errorCode }) =>
    answerErrorCode(version, THROTTLE_FROM.heartbeat, errorCode),
};

const leaveGroup: KafkaApi = {
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 1,
  handle: (request, version, { groups }) => {
    const groupId = request.string();
    const memberId = request.string();
    return answerErrorCode(version, THROTTLE_FROM.leave, groups.leave(groupId, memberId));
  },
  refuse: (_request, version, { errorCode }) =>
    answerErrorCode(version, THROTTLE_FROM.leave, errorCode),
};

function readOffsetCommit(request: KafkaReader, version: number) {
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
  return { groupId, generationId, memberId, topics };
}

/** Each partition's error code, by topic, in the order asked. */
type PartitionErrors = readonly {
  readonly name: string;
  readonly partitions: readonly { readonly index: number; readonly errorCode: number }[];
}[];

function answerOffsetCommit(version: number, topics: PartitionErrors): KafkaWriter {
  const writer = new KafkaWriter();
  if (version >= THROTTLE_FROM.commit) writer.int32(THROTTLE_NONE);
  writer.array(topics, (out, topic) => {
    out.string(topic.name);
    out.array(topic.partitions, (partitionOut, partition) => {
      partitionOut.int32(partition.index).int16(partition.errorCode);
    });
  });
  return writer;
}

const offsetCommit: KafkaApi = {
  key: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 5,
  handle: (request, version, { groups, log }) => {
    const { groupId, generationId, memberId, topics } = readOffsetCommit(request, version);
    const groupError = groups.checkCommit(groupId, generationId, memberId);
    const answers = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((partition) => {
        let errorCode: number = groupError;
        if (errorCode === KAFKA_ERRORS.NONE && !log.partition(topic.name, partition.index))
          errorCode = KAFKA_ERRORS.UNKNOWN_TOPIC_OR_PARTITION;
        if (errorCode === KAFKA_ERRORS.NONE)
          groups.commit(groupId, topic.name, partition.index, {
            offset: partition.offset,
            metadata: partition.metadata,
          });
        return { index: partition.index, errorCode };
      }),
    }));
    return answerOffsetCommit(version, answers);
  },
  refuse: (request, version, { errorCode }) =>
    answerOffsetCommit(
      version,
      readOffsetCommit(request, version).topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map(({ index }) => ({ index, errorCode })),
      })),
    ),
  topicsOf: (request, version) =>
    readOffsetCommit(request, version).topics.map((topic) => topic.name),
};

/** What OffsetFetch answers for a partition the group never committed: start from the reset. */
const NO_OFFSET = -1n;

function readOffsetFetch(request: KafkaReader, groups: GroupCoordinator) {
  const groupId = request.string();
  // From version 2 a null list asks for every partition the group committed.
  const asked = request.nullableArray((topicReader) => ({
    name: topicReader.string(),
    partitions: topicReader.array((reader) => reader.int32()),
  }));
  const topics =
    asked ??
    [...groups.committedTopics(groupId)].map(([name, partitions]) => ({ name, partitions }));
  return { groupId, topics };
}

interface FetchedOffset {
  readonly index: number;
  readonly offset: bigint;
  readonly metadata: string | null;
  readonly errorCode: number;
}

function answerOffsetFetch(
  version: number,
  topics: readonly { readonly name: string; readonly partitions: readonly FetchedOffset[] }[],
  errorCode: number,
): KafkaWriter {
  const writer = new KafkaWriter();
  if (version >= THROTTLE_FROM.fetch) writer.int32(THROTTLE_NONE);
  writer.array(topics, (out, topic) => {
    out.string(topic.name);
    out.array(topic.partitions, (partitionOut, partition) => {
      partitionOut.int32(partition.index).int64(partition.offset);
      partitionOut.nullableString(partition.metadata).int16(partition.errorCode);
    });
  });
  if (version >= 2) writer.int16(errorCode);
  return writer;
}

const offsetFetch: KafkaApi = {
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 4,
  handle: (request, version, { groups }) => {
    const { groupId, topics } = readOffsetFetch(request, groups);
    const answers = topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((index): FetchedOffset => {
        const committed = groups.committed(groupId, topic.name, index);
        return {
          index,
          offset: committed ? BigInt(committed.offset) : NO_OFFSET,
          metadata: committed ? committed.metadata : '',
          errorCode: KAFKA_ERRORS.NONE,
        };
      }),
    }));
    return answerOffsetFetch(version, answers, KAFKA_ERRORS.NONE);
  },
  // Also on the response's own error code (v2+), where Kafka puts a group's errors.
  refuse: (request, version, { errorCode }, { groups }) => {
    const refused = readOffsetFetch(request, groups).topics.map((topic) => ({
      name: topic.name,
      partitions: topic.partitions.map((index) => ({
        index,
        offset: NO_OFFSET,
        metadata: '',
        errorCode,
      })),
    }));
    return answerOffsetFetch(version, refused, errorCode);
  },
  topicsOf: (request, _version, { groups }) =>
    readOffsetFetch(request, groups).topics.map((topic) => topic.name),
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

/**
 * Every API's answer to a request refused whole (what an injected Kafka error is answered with),
 * checked against kafkajs's own encoders and decoders, version by version: kafkajs writes the
 * request, the broker's API refuses it, and kafkajs reads the answer back. Every error code in
 * it must be the one refused with, and the fields around them must keep their places.
 */
import { requests } from 'kafkajs/src/protocol/requests';
import { CloseConnectionError, type KafkaRefusal } from '../../../src/kafka/api';
import { KAFKA_APIS } from '../../../src/kafka/apis';
import { KAFKA_ERRORS } from '../../../src/kafka/protocol/error-codes';
import { KafkaReader } from '../../../src/kafka/protocol/reader';
import { apiContext } from './api-context';

const TOPIC = 'access-events';
const REFUSAL: KafkaRefusal = { errorCode: KAFKA_ERRORS.NOT_ENOUGH_REPLICAS, message: 'injected' };

/** What kafkajs sends for each API, in the arguments its request builders take. */
const REQUESTS: Record<string, { kafkajsName?: string; args: Record<string, unknown> }> = {
  Produce: {
    args: {
      acks: -1,
      timeout: 1000,
      topicData: [
        {
          topic: TOPIC,
          partitions: [
            { partition: 0, messages: [{ key: 'k', value: 'v' }] },
            { partition: 1, messages: [{ value: 'w' }] },
          ],
        },
      ],
    },
  },
  Fetch: {
    args: {
      maxWaitTime: 100,
      minBytes: 1,
      maxBytes: 1024,
      topics: [
        {
          topic: TOPIC,
          partitions: [
            { partition: 0, fetchOffset: '0', maxBytes: 1024 },
            { partition: 1, fetchOffset: '5', maxBytes: 1024 },
          ],
        },
      ],
    },
  },
  ListOffsets: {
    args: { topics: [{ topic: TOPIC, partitions: [{ partition: 0, timestamp: -1 }] }] },
  },
  Metadata: { args: { topics: [TOPIC], allowAutoTopicCreation: false } },
  InitProducerId: { args: { transactionalId: null, transactionTimeout: 5000 } },
  FindCoordinator: { kafkajsName: 'GroupCoordinator', args: { groupId: 'readers' } },
  JoinGroup: {
    args: {
      groupId: 'readers',
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      memberId: 'member-1',
      protocolType: 'consumer',
      groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('m') }],
    },
  },
  SyncGroup: {
    args: { groupId: 'readers', generationId: 1, memberId: 'member-1', groupAssignment: [] },
  },
  Heartbeat: { args: { groupId: 'readers', groupGenerationId: 1, memberId: 'member-1' } },
  LeaveGroup: { args: { groupId: 'readers', memberId: 'member-1' } },
  OffsetCommit: {
    args: {
      groupId: 'readers',
      groupGenerationId: 1,
      memberId: 'member-1',
      retentionTime: -1,
      topics: [{ topic: TOPIC, partitions: [{ partition: 0, offset: '3' }] }],
    },
  },
  OffsetFetch: {
    args: { groupId: 'readers', topics: [{ topic: TOPIC, partitions: [{ partition: 0 }] }] },
  },
  SaslHandshake: { args: { mechanism: 'OAUTHBEARER' } },
  SaslAuthenticate: { args: { authBytes: Buffer.from('token') } },
  ApiVersions: { args: {} },
};

const context = () => apiContext({ [TOPIC]: 2 });

/** Every `…errorCode` field of a decoded answer (errorCode, topicErrorCode, partitionErrorCode). */
function errorCodes(decoded: unknown): number[] {
  if (Array.isArray(decoded)) return decoded.flatMap(errorCodes);
  if (typeof decoded !== 'object' || decoded === null || Buffer.isBuffer(decoded)) return [];
  return Object.entries(decoded).flatMap(([key, value]) =>
    /errorcode$/i.test(key) && typeof value === 'number' ? [value] : errorCodes(value),
  );
}

/** The (API, version) pairs both the broker serves and kafkajs can write and read. */
const cases = KAFKA_APIS.flatMap((api) => {
  const spec = REQUESTS[api.name];
  if (!spec) throw new Error(`no request for ${api.name} in this test`);
  const definitions = requests[spec.kafkajsName ?? api.name];
  if (!definitions) throw new Error(`kafkajs has no ${spec.kafkajsName ?? api.name}`);
  const versions = definitions.versions.map(Number);
  return Array.from({ length: api.maxVersion - api.minVersion + 1 }, (_, i) => api.minVersion + i)
    .filter((version) => versions.includes(version))
    .map((version) => ({ name: `${api.name} v${version}`, api, version, spec, definitions }));
});

describe('a request refused whole', () => {
  it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
    '%s: kafkajs reads the refusal on every partition, in its own layout',
    async (_name, { api, version, spec, definitions }) => {
      const { request, response } = definitions.protocol({ version })(spec.args);
      expect(request.apiVersion).toBe(version);
      const body = (await request.encode()).buffer;

      const answer = api.refuse(new KafkaReader(body), version, REFUSAL, context());

      expect(answer).toBeDefined();
      const decoded = await response.decode(answer!.toBuffer());
      // Fetch's own error code (v7+) is for fetch sessions only: the partitions carry the error.
      const codes = errorCodes(
        api.name === 'Fetch' ? { ...(decoded as object), errorCode: undefined } : decoded,
      );
      expect(codes.length).toBeGreaterThan(0);
      expect(new Set(codes)).toEqual(new Set([REFUSAL.errorCode]));
      // The throttle time is the last field of most answers: a layout off by a field reads junk.
      if (typeof decoded === 'object' && decoded !== null && 'throttleTime' in decoded)
        expect(decoded.throttleTime).toBe(0);
    },
  );

  it('answers a Produce with every partition of the request, base offset -1', async () => {
    const { request, response } = requests.Produce!.protocol({ version: 7 })(
      REQUESTS.Produce!.args,
    );
    const produce = KAFKA_APIS.find((api) => api.name === 'Produce')!;
    const answer = produce.refuse(
      new KafkaReader((await request.encode()).buffer),
      7,
      REFUSAL,
      context(),
    );
    expect(await response.decode(answer!.toBuffer())).toEqual({
      topics: [
        {
          topicName: TOPIC,
          partitions: [0, 1].map((partition) => ({
            partition,
            errorCode: REFUSAL.errorCode,
            baseOffset: '-1',
            logAppendTime: '-1',
            logStartOffset: '-1',
          })),
        },
      ],
      throttleTime: 0,
      clientSideThrottleTime: 0,
    });
  });

  it('closes the connection of a Produce with acks=0, which can be told of no error', async () => {
    const { request } = requests.Produce!.protocol({ version: 3 })({
      ...REQUESTS.Produce!.args,
      acks: 0,
    });
    const produce = KAFKA_APIS.find((api) => api.name === 'Produce')!;
    const body = (await request.encode()).buffer;
    expect(() => produce.refuse(new KafkaReader(body), 3, REFUSAL, context())).toThrow(
      CloseConnectionError,
    );
  });

  it('names the topics of the APIs that name any, every topic for a null list', async () => {
    const names = async (apiName: string, version: number, args: Record<string, unknown>) => {
      const spec = REQUESTS[apiName]!;
      const { request } = requests[spec.kafkajsName ?? apiName]!.protocol({ version })(args);
      const api = KAFKA_APIS.find((candidate) => candidate.name === apiName)!;
      const body = (await request.encode()).buffer;
      return api.topicsOf?.(new KafkaReader(body), version, context());
    };
    expect(await names('Produce', 3, REQUESTS.Produce!.args)).toEqual([TOPIC]);
    expect(await names('Fetch', 11, REQUESTS.Fetch!.args)).toEqual([TOPIC]);
    expect(await names('ListOffsets', 2, REQUESTS.ListOffsets!.args)).toEqual([TOPIC]);
    expect(await names('OffsetCommit', 5, REQUESTS.OffsetCommit!.args)).toEqual([TOPIC]);
    expect(await names('OffsetFetch', 4, REQUESTS.OffsetFetch!.args)).toEqual([TOPIC]);
    // kafkajs writes an empty list as null: every topic.
    expect(await names('Metadata', 4, { topics: [], allowAutoTopicCreation: false })).toEqual([
      TOPIC,
    ]);
    expect(await names('JoinGroup', 5, REQUESTS.JoinGroup!.args)).toBeUndefined();
  });
});

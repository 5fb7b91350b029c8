/**
 * Faults on Kafka requests, without a network: the spec check, and a Produce (written by
 * kafkajs's own encoder, read back by its decoder) handled with a fault before or after.
 */
import { requests } from 'kafkajs/src/protocol/requests';
import { ConnectionDropped, FaultInjector, InvalidFaultError } from '../../../src/core/faults';
import { KAFKA_APIS } from '../../../src/kafka/apis';
import { checkKafkaFault, handleWithFaults } from '../../../src/kafka/faults';
import { KafkaReader } from '../../../src/kafka/protocol/reader';
import { apiContext } from './api-context';

describe('checkKafkaFault', () => {
  it.each([
    ['an API by its Kafka name, with a Kafka error', { error: { code: 'NOT_ENOUGH_REPLICAS' } }],
    ['a dropped connection after the append', { when: 'after', dropConnection: true }],
    ['a delay aimed at one topic', { topic: 'access-events', delayMs: 50 }],
  ] as const)('accepts %s', (_name, spec) => {
    expect(() =>
      checkKafkaFault({ service: 'kafka', operation: 'Produce', ...spec }),
    ).not.toThrow();
  });

  it.each([
    ['an API Kafka does not have', { operation: 'produce' }, /no API 'produce'.*Produce, Fetch/],
    [
      'an error Kafka does not define',
      { error: { code: 'Throttling' } },
      /'Throttling' is no Kafka error/,
    ],
    ['NONE', { error: { code: 'NONE' } }, /NONE is no error/],
    ['an HTTP status', { error: { code: 'REQUEST_TIMED_OUT', status: 503 } }, /no HTTP status/],
    [
      'a topic on an API that names none',
      { operation: 'JoinGroup', topic: 't' },
      /JoinGroup requests name no topic/,
    ],
  ] as const)('refuses %s', (_name, spec, message) => {
    const check = () => checkKafkaFault({ service: 'kafka', operation: 'Produce', ...spec });
    expect(check).toThrow(InvalidFaultError);
    expect(check).toThrow(message);
  });
});

describe('handleWithFaults', () => {
  const produce = KAFKA_APIS.find((api) => api.name === 'Produce')!;
  const definition = requests.Produce!.protocol({ version: 7 });

  async function produceRequest(topic: string) {
    const { request, response } = definition({
      acks: -1,
      timeout: 1000,
      topicData: [{ topic, partitions: [{ partition: 0, messages: [{ value: 'v' }] }] }],
    });
    return { body: (await request.encode()).buffer, response };
  }

  async function send(faults: FaultInjector, topic = 'access-events') {
    const context = apiContext({ 'access-events': 1, 'web-logs': 1 });
    const { body, response } = await produceRequest(topic);
    const answer = handleWithFaults(produce, new KafkaReader(body), 7, context, faults).then(
      async (written) => (await response.decode(written!.toBuffer())) as { topics: unknown[] },
    );
    return { answer, stored: () => context.log.partition(topic, 0)!.logEndOffset };
  }

  const partitionOf = (decoded: { topics: unknown[] }) =>
    (decoded.topics[0] as { partitions: unknown[] }).partitions[0];

  it('answers the error instead of appending, before', async () => {
    const faults = new FaultInjector();
    faults.inject({
      service: 'kafka',
      operation: 'Produce',
      error: { code: 'NOT_ENOUGH_REPLICAS' },
    });
    const { answer, stored } = await send(faults);
    expect(partitionOf(await answer)).toMatchObject({ errorCode: 19, baseOffset: '-1' });
    expect(stored()).toBe(0);
  });

  it('appends, then answers the error, after', async () => {
    const faults = new FaultInjector();
    faults.inject({
      service: 'kafka',
      operation: 'Produce',
      when: 'after',
      error: { code: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' },
    });
    const { answer, stored } = await send(faults);
    expect(partitionOf(await answer)).toMatchObject({ errorCode: 20, baseOffset: '-1' });
    expect(stored()).toBe(1);
  });

  it('appends, then drops the connection, after', async () => {
    const faults = new FaultInjector();
    faults.inject({ service: 'kafka', operation: 'Produce', when: 'after', dropConnection: true });
    const { answer, stored } = await send(faults);
    await expect(answer).rejects.toBeInstanceOf(ConnectionDropped);
    expect(stored()).toBe(1);
  });

  it('handles a request of another topic than the fault is aimed at as if there were none', async () => {
    const faults = new FaultInjector();
    faults.inject({
      service: 'kafka',
      operation: 'Produce',
      topic: 'web-logs',
      dropConnection: true,
    });
    const { answer, stored } = await send(faults, 'access-events');
    expect(partitionOf(await answer)).toMatchObject({ errorCode: 0, baseOffset: '0' });
    expect(stored()).toBe(1);
    expect(faults.triggered).toEqual([]);
  });
});

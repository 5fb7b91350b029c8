/**
 * The ingestion function's Kafka sender on the local Kafka, through kafkajs, when a send's fate
 * is unknown: the broker stored the batch but the answer was lost, or it never stored it. A
 * second sender (another container) given the first one's unsettled batches sends them again
 * under their first identity, and the topic ends with each record exactly once, read back with
 * a consumer of its own.
 */
import type * as KafkaModule from 'kafkajs';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import type { TopicMessage } from '../../../../infra/platform';
import { loadPlatform } from '../../../../infra/platform';
import { KafkaSendError } from '../../../../lambdas/ingest-events/errors';
import { ingestionTarget } from '../../../../lambdas/ingest-events/ingestion';
import { kafkaSender, partitionFor } from '../../../../lambdas/ingest-events/kafka-sender';
import type { UnsettledBatch } from '../../../../lambdas/ingest-events/unsettled-sends';
import { topicMessage } from '../../../../infra/platform';
import { deployLocalTopics } from '../../../../scripts/local-platform/deploy/streaming';
import { readTopic } from '../../../../scripts/shared/kafka-topic-reader';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { TRANSACTION } from '../../../fixtures/marketplace-records';
import {
  SENDER_RETRY,
  loseProduceAnswers,
  partitionsOf,
  senderContainer,
  storedTransactionIds,
} from './ingest-fixtures';

jest.setTimeout(60_000);

const cloud = useLocalCloud();
const platform = loadPlatform('dev');
/** Three sends in all: a fault of three strikes outlasts every attempt of one send. */
const RETRY = SENDER_RETRY;
const ATTEMPTS = RETRY.retries + 1;
/**
 * Produce requests until every attempt of a send of `messages` has been made: the sender sends
 * each partition's records on their own, and the local broker takes them one at a time.
 */
const attemptsOf = (messages: readonly TopicMessage[]) => {
  const place = partitionFor(partitionsOf('purchases'));
  return ATTEMPTS * new Set(messages.map((message) => place('purchases', message))).size;
};

beforeEach(() => {
  deployLocalTopics(cloud(), platform);
});

const container = (deadline?: () => number | undefined, log?: string[]) =>
  senderContainer(cloud(), deadline, log);

/** Purchases of `customers` different customers, so the batch spans several partitions. */
function purchases(customers: number): TopicMessage[] {
  const target = ingestionTarget(
    platform,
    platform.marketplaceApi.ingestion.find((route) => route.resource === 'transactions')!,
  );
  return Array.from({ length: customers }, (_, index) =>
    topicMessage(target.topic, target.headers, {
      ...TRANSACTION,
      transaction_id: `tx-${index}`,
      customer_id: `C${String(index * 7919).padStart(7, '0')}`,
    }),
  );
}

async function failedSend(
  send: Promise<void>,
): Promise<{ error: KafkaSendError; unsettled: readonly UnsettledBatch[] }> {
  const error = await send.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof KafkaSendError))
    throw new Error(`expected a KafkaSendError: ${String(error)}`);
  // A dropped connection can fail an attempt that never reached the broker: strikes the failed
  // send left over must not reach the retry.
  cloud().faults.clear();
  return { error, unsettled: error.unsettled };
}

const storedIds = () => storedTransactionIds(cloud());

const ids = (messages: readonly TopicMessage[]) =>
  messages
    .map((message) => (JSON.parse(message.value) as { transaction_id: string }).transaction_id)
    .sort();

it('reports the batches of a send whose every answer was lost, with their identity and records', async () => {
  const messages = purchases(6);
  loseProduceAnswers(cloud(), attemptsOf(messages));

  const { unsettled } = await failedSend(container().send(messages));

  // Every record is in exactly one batch, each batch on its own partition, under one producer.
  expect(unsettled.flatMap((batch) => batch.records).sort()).toEqual([0, 1, 2, 3, 4, 5]);
  expect(new Set(unsettled.map((batch) => batch.partition)).size).toBe(unsettled.length);
  expect(unsettled.length).toBeGreaterThan(1);
  expect(new Set(unsettled.map((batch) => batch.producerId)).size).toBe(1);
  expect(Number(unsettled[0]!.producerId)).toBeGreaterThanOrEqual(0);
  for (const batch of unsettled) expect(batch.topic).toBe('purchases');
  // The broker has the batch, once, although every attempt of it lost its answer.
  expect(await storedIds()).toEqual(ids(messages));
});

it('a batch stored before its answer was lost, sent again by another container under its identity, is stored once', async () => {
  const messages = purchases(6);
  loseProduceAnswers(cloud(), attemptsOf(messages));
  const { unsettled } = await failedSend(container().send(messages));

  await container().send(messages, unsettled);

  expect(await storedIds()).toEqual(ids(messages));
});

it('without the identities, the same retry stores every record twice (what the identities prevent)', async () => {
  const messages = purchases(3);
  loseProduceAnswers(cloud(), attemptsOf(messages));
  await failedSend(container().send(messages));

  await container().send(messages);

  expect(await storedIds()).toEqual([...ids(messages), ...ids(messages)].sort());
});

it('a batch the broker never stored is appended by the retry, once', async () => {
  const messages = purchases(4);
  cloud().faults.inject({
    service: 'kafka',
    operation: 'Produce',
    topic: 'purchases',
    error: { code: 'NOT_ENOUGH_REPLICAS' },
    times: attemptsOf(messages),
  });
  const { unsettled } = await failedSend(container().send(messages));
  expect(await storedIds()).toEqual([]);

  await container().send(messages, unsettled);

  expect(await storedIds()).toEqual(ids(messages));
});

it('a retry that fails again keeps the first identities, and the next retry still stores once', async () => {
  const messages = purchases(4);
  loseProduceAnswers(cloud(), attemptsOf(messages));
  const first = await failedSend(container().send(messages));

  loseProduceAnswers(cloud(), ATTEMPTS);
  const second = await failedSend(container().send(messages, first.unsettled));
  expect(second.unsettled).toEqual(first.unsettled);

  await container().send(messages, second.unsettled);
  expect(await storedIds()).toEqual(ids(messages));
});

it('the container that failed keeps working: its next request goes out under a new producer', async () => {
  const sender = container();
  const first = purchases(2);
  loseProduceAnswers(cloud(), attemptsOf(first));
  const { unsettled } = await failedSend(sender.send(first));

  const next = purchases(5).slice(2);
  await sender.send(next);
  await sender.send(first, unsettled);

  expect(await storedIds()).toEqual([...ids(first), ...ids(next)].sort());
});

it('a send given up at its deadline after the broker stored it: the retry stores nothing twice', async () => {
  const messages = purchases(3);
  // The batch is appended at once; its answer is held past the deadline.
  cloud().faults.inject({
    service: 'kafka',
    operation: 'Produce',
    topic: 'purchases',
    when: 'after',
    delayMs: 800,
    times: 1,
  });
  const deadline = Date.now() + 200;
  const { unsettled } = await failedSend(container(() => deadline).send(messages));
  // The held partition's batch went out; the others waited for the broker and were fenced.
  const recorded = unsettled.flatMap((batch) => batch.records);
  expect(recorded.length).toBeGreaterThan(0);
  expect(recorded.every((index) => index >= 0 && index < messages.length)).toBe(true);

  await container().send(messages, unsettled);

  expect(await storedIds()).toEqual(ids(messages));
});

it('a send given up before any batch went out sends none later, so the retry is the only copy', async () => {
  const messages = purchases(3);
  // The first container's connection waits on its metadata past the deadline: no batch has
  // gone out when the request is answered, so there is nothing to report and nothing may follow.
  cloud().faults.inject({ service: 'kafka', operation: 'Metadata', delayMs: 500, times: 1 });
  const log: string[] = [];
  const deadline = Date.now() + 150;
  const { unsettled } = await failedSend(container(() => deadline, log).send(messages));
  expect(unsettled).toEqual([]);

  await container().send(messages);
  // The abandoned send goes on once its metadata comes: until its Produce is refused, or, were
  // it not, until its copies are on the topic.
  await waitFor(
    async () =>
      log.some((line) => line.includes('the send is given up')) ||
      (await storedIds()).length > messages.length,
  );

  expect(await storedIds()).toEqual(ids(messages));
});

/** Waits for a condition the code under test makes true, failing after `withinMs`. */
async function waitFor(done: () => boolean | Promise<boolean>, withinMs = 10_000): Promise<void> {
  const until = Date.now() + withinMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('after a send given up at its deadline, the container’s next request', () => {
  /** One customer's purchases: every one lands on the same partition. */
  const purchase = (id: string) => ({ ...purchases(1)[0]!, value: purchaseValue(id) });
  const purchaseValue = (id: string) => JSON.stringify({ ...TRANSACTION, transaction_id: id });

  async function givenUp(sender: ReturnType<typeof container>, fault: Record<string, unknown>) {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      topic: 'purchases',
      times: 1,
      ...fault,
    });
    return (await failedSend(sender.send([purchase('r1')]))).unsettled;
  }

  it('is not numbered from the abandoned batch: both stored, once each (the batch stored, its answer late and failed)', async () => {
    let deadline: number | undefined = Date.now() + 150;
    const sender = container(() => deadline);
    const unsettled = await givenUp(sender, {
      when: 'after',
      delayMs: 600,
      error: { code: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' },
    });
    deadline = undefined;

    await sender.send([purchase('r2')]);
    await container().send([purchase('r1')], unsettled);

    expect(await storedIds()).toEqual(['r1', 'r2']);
  });

  it('is not numbered from the abandoned batch: both stored, once each (the batch never stored)', async () => {
    let deadline: number | undefined = Date.now() + 150;
    const sender = container(() => deadline);
    const unsettled = await givenUp(sender, {
      delayMs: 600,
      error: { code: 'NOT_ENOUGH_REPLICAS' },
    });
    deadline = undefined;

    await sender.send([purchase('r2')]);
    await container().send([purchase('r1')], unsettled);

    expect(await storedIds()).toEqual(['r1', 'r2']);
  });

  it('leaves the abandoned batch the last of its producer, so a retry after many more requests is still recognised', async () => {
    let deadline: number | undefined = Date.now() + 100;
    const sender = container(() => deadline);
    const unsettled = await givenUp(sender, { when: 'after', delayMs: 400 });
    deadline = undefined;
    // More than the five batches a partition remembers per producer.
    for (const id of ['r2', 'r3', 'r4', 'r5', 'r6', 'r7']) await sender.send([purchase(id)]);

    await container().send([purchase('r1')], unsettled);
    await container().send([purchase('r1')], unsettled);

    expect(await storedIds()).toEqual(['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7']);
  });
});

it('refuses a Kafka client of another kafkajs copy, whose batches would bypass the wrapper', () => {
  let OtherKafka!: typeof Kafka;
  jest.isolateModules(() => {
    ({ Kafka: OtherKafka } = jest.requireActual<typeof KafkaModule>('kafkajs'));
  });
  const other = new OtherKafka({ brokers: [cloud().kafka.bootstrapServers] });
  expect(() => kafkaSender(other, { retry: RETRY, partitionsOf })).toThrow(
    'not of the kafkajs copy',
  );
});

it('sends the records of batches that do not fit the request as new, and says so', async () => {
  const messages = purchases(2);
  const log: string[] = [];
  const kafka = new Kafka({
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
    retry: RETRY,
  });
  const stale: UnsettledBatch = {
    producerId: '1',
    producerEpoch: 0,
    topic: 'interactions',
    partition: 0,
    firstSequence: 0,
    records: [0],
  };

  await kafkaSender(kafka, {
    retry: RETRY,
    partitionsOf,
    warn: (message) => log.push(message),
  }).send(messages, [stale]);

  expect(await storedIds()).toEqual(ids(messages));
  expect(log).toEqual(['unsettled batches that do not fit the request are not sent again']);
});

it('gives up a kept identity the broker refuses for good: its records go out as new, and the retry succeeds', async () => {
  const sender = container();
  const [r0, r1] = [purchases(1)[0]!, { ...purchases(1)[0]!, value: purchaseJson('r1') }];
  await sender.send([r0]);
  cloud().faults.inject({
    service: 'kafka',
    operation: 'Produce',
    topic: 'purchases',
    error: { code: 'NOT_ENOUGH_REPLICAS' },
    times: ATTEMPTS,
  });
  const { unsettled } = await failedSend(sender.send([r1]));
  expect(unsettled.map((batch) => batch.firstSequence)).toEqual([1]);
  // An identity one past the partition's next sequence, as a send that slipped its sequence
  // would have recorded: OUT_OF_ORDER_SEQUENCE_NUMBER on every retry.
  const slipped = unsettled.map((batch) => ({ ...batch, firstSequence: 2 }));
  const warnings: string[] = [];
  const kafka = new Kafka({
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
    retry: RETRY,
  });

  await kafkaSender(kafka, {
    retry: RETRY,
    partitionsOf,
    warn: (message) => warnings.push(message),
  }).send([r1], slipped);

  expect(await storedIds()).toEqual(['r1', 'tx-0']);
  expect(warnings).toEqual([
    'the broker refused batches sent again under their first identity; their records go out as new',
  ]);
});

function purchaseJson(id: string): string {
  return JSON.stringify({ ...TRANSACTION, transaction_id: id });
}

it('puts each record on the partition kafkajs itself picks for its key, one send per partition', async () => {
  const messages = purchases(20);
  await container().send(messages);
  // The same records through a plain kafkajs producer, which partitions by the broker's metadata.
  const plain = new Kafka({
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
  });
  const producer = plain.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic: 'purchases',
    messages: messages.map(({ key, value }) => ({ key, value })),
  });
  await producer.disconnect();

  const records = await readTopic(cloud().kafka.bootstrapServers, 'purchases');
  const partitionsByKey = new Map<string, Set<number>>();
  for (const record of records)
    partitionsByKey.set(
      record.key!,
      (partitionsByKey.get(record.key!) ?? new Set()).add(record.partition),
    );
  expect(records).toHaveLength(40);
  for (const [key, partitions] of partitionsByKey)
    expect({ key, partitions: [...partitions] }).toEqual({ key, partitions: [expect.any(Number)] });
  expect(new Set(records.map((record) => record.partition)).size).toBeGreaterThan(1);
});

/**
 * The ingestion function's Kafka sender on the local Kafka, through kafkajs, when a send's fate
 * is unknown: the broker stored the batch but the answer was lost, or it never stored it. A
 * second sender (another container) given the first one's unsettled batches sends them again
 * under their first identity, and the topic ends with each record exactly once, read back with
 * a consumer of its own.
 */
import type * as KafkaModule from 'kafkajs';
import { Kafka, logLevel } from 'kafkajs';
import type { TopicMessage } from '../../../../infra/platform';
import { loadPlatform } from '../../../../infra/platform';
import { KafkaSendError } from '../../../../lambdas/ingest-events/errors';
import { ingestionTarget } from '../../../../lambdas/ingest-events/ingestion';
import { kafkaSender } from '../../../../lambdas/ingest-events/kafka-sender';
import type { UnsettledBatch } from '../../../../lambdas/ingest-events/unsettled-sends';
import { topicMessage } from '../../../../infra/platform';
import { deployLocalTopics } from '../../../../scripts/local-platform/deploy/streaming';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { TRANSACTION } from '../../../fixtures/marketplace-records';
import { loseProduceAnswers, storedTransactionIds } from './ingest-fixtures';

jest.setTimeout(60_000);

const cloud = useLocalCloud();
const platform = loadPlatform('dev');
/** Three sends in all: a fault of three strikes outlasts every attempt of one send. */
const RETRY = { retries: 2, initialRetryTime: 20, maxRetryTime: 50 };
const ATTEMPTS = RETRY.retries + 1;

beforeEach(() => {
  deployLocalTopics(cloud(), platform);
});

/** A sender of its own Kafka client: what one container holds. kafkajs's errors go to `log`. */
function container(deadline?: () => number | undefined, log: string[] = []) {
  const kafka = new Kafka({
    clientId: 'ingest-events-test',
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.ERROR,
    logCreator: () => (entry) => log.push(entry.log.message),
    retry: RETRY,
  });
  return kafkaSender(kafka, RETRY, deadline);
}

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
  return { error, unsettled: error.unsettled };
}

const storedIds = () => storedTransactionIds(cloud());

const ids = (messages: readonly TopicMessage[]) =>
  messages
    .map((message) => (JSON.parse(message.value) as { transaction_id: string }).transaction_id)
    .sort();

it('reports the batches of a send whose every answer was lost, with their identity and records', async () => {
  const messages = purchases(6);
  loseProduceAnswers(cloud(), ATTEMPTS);

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
  loseProduceAnswers(cloud(), ATTEMPTS);
  const { unsettled } = await failedSend(container().send(messages));

  await container().send(messages, unsettled);

  expect(await storedIds()).toEqual(ids(messages));
});

it('without the identities, the same retry stores every record twice (what the identities prevent)', async () => {
  const messages = purchases(3);
  loseProduceAnswers(cloud(), ATTEMPTS);
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
    times: ATTEMPTS,
  });
  const { unsettled } = await failedSend(container().send(messages));
  expect(await storedIds()).toEqual([]);

  await container().send(messages, unsettled);

  expect(await storedIds()).toEqual(ids(messages));
});

it('a retry that fails again keeps the first identities, and the next retry still stores once', async () => {
  const messages = purchases(4);
  loseProduceAnswers(cloud(), ATTEMPTS);
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
  loseProduceAnswers(cloud(), ATTEMPTS);
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
  expect(unsettled.flatMap((batch) => batch.records).sort()).toEqual([0, 1, 2]);

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
  expect(() => kafkaSender(other, RETRY)).toThrow('not of the kafkajs copy');
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

  await kafkaSender(kafka, RETRY, undefined, (message) => log.push(message)).send(messages, [
    stale,
  ]);

  expect(await storedIds()).toEqual(ids(messages));
  expect(log).toEqual(['unsettled batches that do not fit the request are not sent again']);
});

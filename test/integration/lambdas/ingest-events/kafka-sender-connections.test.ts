/**
 * The Kafka connections the ingestion function's sender leaves open in a container that lives on:
 * a producer dropped after a failed or abandoned send, one whose connect failed half-way, and the
 * producer of a resend, must all end with their sockets closed. Counted from this process's open
 * sockets to the local Kafka, in a file of their own so no other test's clients move the count.
 */
import { Socket } from 'node:net';
import { loadPlatform, topicMessage, type TopicMessage } from '../../../../infra/platform';
import { KafkaSendError } from '../../../../lambdas/ingest-events/errors';
import { ingestionTarget } from '../../../../lambdas/ingest-events/ingestion';
import type { UnsettledBatch } from '../../../../lambdas/ingest-events/unsettled-sends';
import { deployLocalTopics } from '../../../../scripts/local-platform/deploy/streaming';
import { useLocalCloud } from '../../../fixtures/localcloud';
import { TRANSACTION } from '../../../fixtures/marketplace-records';
import { SENDER_RETRY, senderContainer } from './ingest-fixtures';

jest.setTimeout(60_000);

const cloud = useLocalCloud();
const platform = loadPlatform('dev');
const RETRY = SENDER_RETRY;

beforeEach(() => {
  deployLocalTopics(cloud(), platform);
});

const container = (deadline?: () => number | undefined, log?: string[]) =>
  senderContainer(cloud(), deadline, log);

function purchase(): TopicMessage[] {
  const target = ingestionTarget(
    platform,
    platform.marketplaceApi.ingestion.find((route) => route.resource === 'transactions')!,
  );
  return [topicMessage(target.topic, target.headers, TRANSACTION)];
}

/** This process's sockets still open to the local Kafka. */
function openKafkaSockets(): number {
  const port = Number(cloud().kafka.bootstrapServers.split(':').pop());
  // Node has no public list of open sockets; the active handles are what keeps a process alive.
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter(
    (handle) => handle instanceof Socket && handle.remotePort === port && !handle.destroyed,
  ).length;
}

/** Waits for a condition the code under test makes true, failing after `withinMs`. */
async function waitFor(done: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const until = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const failing = (send: Promise<void>) => expect(send).rejects.toBeInstanceOf(KafkaSendError);

it('closes the connections of a producer dropped after a send that ran out of retries', async () => {
  cloud().faults.inject({
    service: 'kafka',
    operation: 'Produce',
    topic: 'purchases',
    error: { code: 'NOT_ENOUGH_REPLICAS' },
    times: RETRY.retries + 1,
  });
  await failing(container().send(purchase()));
  await waitFor(() => openKafkaSockets() === 0, 'every socket closed');
});

it('closes a producer given up at its deadline again once its abandoned send, which reconnects, has settled', async () => {
  let deadline: number | undefined;
  const log: string[] = [];
  const sender = container(() => deadline, log);
  for (let round = 1; round <= 3; round += 1) {
    // The Produce is answered (with an error) only after the deadline, once the producer was
    // dropped: kafkajs reconnects before its retry meets the fence.
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      topic: 'purchases',
      delayMs: 400,
      error: { code: 'NOT_ENOUGH_REPLICAS' },
      times: 1,
    });
    deadline = Date.now() + 100;
    await failing(sender.send(purchase()));
    await waitFor(
      () =>
        log.filter((line) => line.includes('the send is given up')).length === round &&
        openKafkaSockets() === 0,
      `round ${round}: the abandoned send refused and its sockets closed`,
    );
  }
});

it('closes a producer whose connect failed half-way (InitProducerId refused)', async () => {
  cloud().faults.inject({
    service: 'kafka',
    operation: 'InitProducerId',
    error: { code: 'CLUSTER_AUTHORIZATION_FAILED' },
    times: 3,
  });
  const sender = container();
  for (let round = 0; round < 3; round += 1) await failing(sender.send(purchase()));
  await waitFor(() => openKafkaSockets() === 0, 'every socket closed');
});

it('closes the producer of a resend whose connect failed', async () => {
  cloud().faults.inject({
    service: 'kafka',
    operation: 'ApiVersions',
    error: { code: 'CLUSTER_AUTHORIZATION_FAILED' },
    times: 3,
  });
  const unsettled: UnsettledBatch[] = [
    {
      producerId: '7',
      producerEpoch: 0,
      topic: 'purchases',
      partition: 0,
      firstSequence: 0,
      records: [0],
    },
  ];
  for (let round = 0; round < 3; round += 1) await failing(container().send(purchase(), unsettled));
  await waitFor(() => openKafkaSockets() === 0, 'every socket closed');
});

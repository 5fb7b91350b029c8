/**
 * What localcloud's Kafka keeps, and for how long: records past their topic's retention are
 * deleted (the log start moves past them, as clients see through ListOffsets and kcat), and with
 * a state folder a restart finds the records, the groups' committed offsets and the idempotent
 * producers where they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud, type LocalCloud } from '@hybrid-lake/localcloud';
import { Kafka, logLevel } from 'kafkajs';
import { useCliTools } from '../../fixtures/cli-tools';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const tools = useCliTools(cloud, ['kcat']);

function kafkajs(of: LocalCloud): Kafka {
  return new Kafka({
    clientId: 'state-test',
    brokers: [of.kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
  });
}

async function lowAndHigh(of: LocalCloud, topic: string) {
  const admin = kafkajs(of).admin();
  await admin.connect();
  const [offsets] = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return { low: Number(offsets!.low), high: Number(offsets!.high) };
}

describe('retention', () => {
  it('deletes the batches older than the topic keeps, and readers start after them', async () => {
    cloud().kafka.topics.createTopic('short-lived', { partitions: 1, retentionMs: 3_600_000 });
    const producer = kafkajs(cloud()).producer();
    await producer.connect();
    const hoursAgo = (hours: number) => String(Date.now() - hours * 3_600_000);
    await producer.send({
      topic: 'short-lived',
      messages: [
        { value: 'old-1', timestamp: hoursAgo(3) },
        { value: 'old-2', timestamp: hoursAgo(2) },
      ],
    });
    await producer.send({ topic: 'short-lived', messages: [{ value: 'recent' }] });
    await producer.disconnect();

    expect(cloud().kafka.applyRetention()).toBe(1); // one batch, both old records
    expect(await lowAndHigh(cloud(), 'short-lived')).toEqual({ low: 2, high: 3 });
    const { stdout } = await tools().kcat([
      '-C',
      '-t',
      'short-lived',
      '-o',
      'beginning',
      '-e',
      '-q',
    ]);
    expect(stdout).toBe('recent\n');

    // An hour later (localcloud's clock) the last one goes too; the offsets keep counting.
    cloud().advanceClock(3_600_001);
    expect(cloud().kafka.applyRetention()).toBe(1);
    expect(await lowAndHigh(cloud(), 'short-lived')).toEqual({ low: 3, high: 3 });
  });

  it('keeps everything in a topic with retention -1', async () => {
    cloud().kafka.topics.createTopic('forever', { partitions: 1, retentionMs: -1 });
    const producer = kafkajs(cloud()).producer();
    await producer.connect();
    await producer.send({ topic: 'forever', messages: [{ value: 'x', timestamp: '0' }] });
    await producer.disconnect();
    expect(cloud().kafka.applyRetention()).toBe(0);
    expect(await lowAndHigh(cloud(), 'forever')).toEqual({ low: 0, high: 1 });
  });
});

describe('with a state folder', () => {
  let stateDir: string;
  beforeEach(() => {
    stateDir = mkdtempSync(join(tmpdir(), 'kafka-state-'));
  });
  afterEach(() => rmSync(stateDir, { recursive: true, force: true }));

  it('restarts with the records, the committed offsets, the producers and the same certificate', async () => {
    const first = await startLocalCloud({ port: 0, stateDir, kafkaIam: true });
    first.kafka.topics.createTopic('kept', { partitions: 2 });
    const producer = kafkajs(first).producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic: 'kept',
      messages: Array.from({ length: 10 }, (_, index) => ({
        key: `k${index}`,
        value: `r${index}`,
      })),
    });
    await producer.disconnect();
    // A group reads everything and commits, then goes.
    const consumer = kafkajs(first).consumer({ groupId: 'readers', maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'kept', fromBeginning: true });
    let read = 0;
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: () => {
          read += 1;
          if (read === 10) resolve();
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    const caCertificate = first.kafka.sasl!.caCertificate;
    const before = first.kafka.topics.topic('kept')!.partitions.map((p) => p.logEndOffset);
    await first.stop();

    const second = await startLocalCloud({ port: 0, stateDir, kafkaIam: true });
    try {
      expect(second.kafka.sasl!.caCertificate).toBe(caCertificate);
      expect(second.kafka.topics.topic('kept')!.partitions.map((p) => p.logEndOffset)).toEqual(
        before,
      );
      // kcat, an independent reader, sees the same ten records after the restart.
      const { stdout: records } = await tools().kcat([
        ...['-b', second.kafka.bootstrapServers, '-C', '-t', 'kept', '-o', 'beginning', '-e', '-q'],
      ]);
      expect(records.split('\n').filter(Boolean).sort()).toEqual(
        Array.from({ length: 10 }, (_, index) => `r${index}`).sort(),
      );
      // A new producer is given an id never handed out before, so its batches are not taken
      // for the old producer's; the group resumes after its commits: only the new record.
      const again = kafkajs(second).producer({ idempotent: true, maxInFlightRequests: 1 });
      await again.connect();
      await again.send({ topic: 'kept', messages: [{ key: 'k0', value: 'after restart' }] });
      await again.disconnect();
      const resumed = await tools().kcat([
        ...['-b', second.kafka.bootstrapServers, '-G', 'readers', '-e', '-q', 'kept'],
      ]);
      expect(resumed.stdout).toBe('after restart\n');
    } finally {
      await second.stop();
    }
  });

  it('never hands a producer id out twice, even after a broker killed before it saved', async () => {
    const producerIdsOf = async (of: LocalCloud): Promise<string[]> => {
      of.kafka.topics.createTopic('ids', { partitions: 1 });
      const producer = kafkajs(of).producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.send({ topic: 'ids', messages: [{ value: 'x' }] });
      await producer.disconnect();
      return Object.keys(of.kafka.topics.partition('ids', 0)!.producers.snapshot());
    };
    // The first broker hands out an id and is never saved (as when it is killed); a second one
    // started on the same folder afterwards must not hand out that id again.
    const killed = await startLocalCloud({ port: 0, stateDir });
    let second: LocalCloud | undefined;
    try {
      const [first] = await producerIdsOf(killed);
      second = await startLocalCloud({ port: 0, stateDir });
      const [next] = await producerIdsOf(second);
      expect(BigInt(next!)).toBeGreaterThan(BigInt(first!));
    } finally {
      await second?.stop();
      await killed.stop();
    }
  });
});

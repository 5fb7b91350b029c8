/**
 * Consumer groups on localcloud's Kafka, through kafkajs and through kcat (librdkafka), each with
 * its own assignor: a group splits the partitions between its members, a second member joining
 * takes some from the first (rebalance), commits survive the members, and a consumer that comes
 * back resumes after what its group committed. Each client's commits are also read by the other.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Kafka, logLevel, type Consumer, type EachMessagePayload } from 'kafkajs';
import { useCliTools } from '../../fixtures/cli-tools';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
const tools = useCliTools(cloud, ['kcat']);

/** Short sessions and heartbeats, so a rebalance takes a fraction of a second. */
const FAST_GROUP = { sessionTimeout: 6_000, heartbeatInterval: 200, maxWaitTimeInMs: 200 };
const KCAT_FAST_GROUP = ['-X', 'heartbeat.interval.ms=200', '-X', 'session.timeout.ms=6000'];

function kafkajs(): Kafka {
  return new Kafka({
    clientId: 'groups-test',
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
  });
}

async function produceKeyed(topic: string, from: number, count: number): Promise<void> {
  const producer = kafkajs().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({
    topic,
    messages: Array.from({ length: count }, (_, index) => ({
      key: `k${from + index}`,
      value: `v${from + index}`,
    })),
  });
  await producer.disconnect();
}

/** Resolves once `condition` holds, checking after every event the consumers report. */
function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const check = (): void => {
      if (!condition()) {
        setImmediate(check);
        return;
      }
      clearTimeout(timer);
      resolve();
    };
    check();
  });
}

interface Member {
  readonly consumer: Consumer;
  readonly values: string[];
  assigned: number[];
}

async function member(groupId: string, topic: string): Promise<Member> {
  const consumer = kafkajs().consumer({ groupId, ...FAST_GROUP });
  const joined: Member = { consumer, values: [], assigned: [] };
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    joined.assigned = [...(payload.memberAssignment[topic] ?? [])].sort();
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }: EachMessagePayload) => {
      joined.values.push(message.value!.toString());
      return Promise.resolve();
    },
  });
  return joined;
}

describe('kafkajs consumer groups', () => {
  it('rebalances when a member joins, reads each record once, and resumes from the commits', async () => {
    cloud().kafka.topics.createTopic('orders', { partitions: 4 });
    await produceKeyed('orders', 0, 40);
    const first = await member('billing', 'orders');
    await waitFor(() => first.values.length === 40, 'the first member to read all 40');
    expect(first.assigned).toEqual([0, 1, 2, 3]);

    const second = await member('billing', 'orders');
    await waitFor(
      () => second.assigned.length > 0 && first.assigned.length + second.assigned.length === 4,
      'the partitions to be split between the two members',
    );
    expect([...first.assigned, ...second.assigned].sort()).toEqual([0, 1, 2, 3]);
    expect(cloud().kafka.groups.describe('billing')).toMatchObject({ state: 'Stable' });

    await produceKeyed('orders', 40, 40);
    const read = () => [...first.values, ...second.values];
    await waitFor(() => read().length >= 80, 'the next 40 records');
    expect(read().sort()).toEqual(Array.from({ length: 80 }, (_, index) => `v${index}`).sort());
    expect(second.values.length).toBeGreaterThan(0);
    await Promise.all([first.consumer.disconnect(), second.consumer.disconnect()]);
    expect(cloud().kafka.groups.describe('billing')).toMatchObject({ state: 'Empty' });

    // Back after the group committed: only what came since is read.
    await produceKeyed('orders', 80, 10);
    const comeback = await member('billing', 'orders');
    await waitFor(() => comeback.values.length >= 10, 'the 10 records produced since');
    expect(comeback.values.sort()).toEqual(
      Array.from({ length: 10 }, (_, index) => `v${80 + index}`).sort(),
    );
    await comeback.consumer.disconnect();

    // kcat in the same group (now empty) resumes from kafkajs's commits: only the one new record.
    await produceKeyed('orders', 90, 1);
    const { stdout } = await tools().kcat(['-G', 'billing', '-e', '-q', 'orders']);
    expect(stdout).toBe('v90\n');
  });

  it('refuses a member whose assignors share nothing with the group (kafkajs beside kcat)', async () => {
    cloud().kafka.topics.createTopic('mixed', { partitions: 2 });
    const kcat = tools().kcatProcess(['-G', 'mixed-group', ...KCAT_FAST_GROUP, 'mixed']);
    const stderr = collect(kcat.stderr);
    await waitFor(() => /assigned: mixed \[0\], mixed \[1\]/.test(stderr()), 'kcat to join');
    const consumer = kafkajs().consumer({
      groupId: 'mixed-group',
      ...FAST_GROUP,
      retry: { retries: 0 },
    });
    await consumer.connect();
    await consumer.subscribe({ topic: 'mixed' });
    const crashed = new Promise<Error>((resolve) =>
      consumer.on(consumer.events.CRASH, ({ payload }) => resolve(payload.error)),
    );
    // librdkafka offers range and roundrobin, kafkajs RoundRobinAssigner: no common protocol.
    await consumer.run({ eachMessage: async () => {} });
    expect((await crashed).message).toMatch(/protocols are incompatible/);
    expect(cloud().kafka.groups.describe('mixed-group').members).toHaveLength(1);
    await consumer.disconnect();
    await stop(kcat);
  });
});

function collect(stream: NodeJS.ReadableStream): () => string {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  return () => text;
}

/** Stops a kcat consumer the way an operator does (it then commits and leaves the group). */
function stop(process: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    process.once('exit', () => resolve());
    process.kill('SIGINT');
  });
}

describe('kcat consumer groups', () => {
  it('reads with a group, resumes after its commits, and splits the partitions when a second consumer joins', async () => {
    cloud().kafka.topics.createTopic('clicks', { partitions: 4 });
    const lines = (count: number, from = 0) =>
      Array.from({ length: count }, (_, index) => `k${from + index}:c${from + index}\n`).join('');
    await tools().kcat(['-P', '-t', 'clicks', '-K:'], lines(40));

    const all = await tools().kcat(['-G', 'ads', '-o', 'beginning', '-e', '-q', 'clicks']);
    expect(all.stdout.split('\n').filter(Boolean).sort()).toEqual(
      Array.from({ length: 40 }, (_, index) => `c${index}`).sort(),
    );
    // What kcat committed on its way out, read by kafkajs: every partition's end.
    const admin = kafkajs().admin();
    await admin.connect();
    const ends = cloud()
      .kafka.topics.topic('clicks')!
      .partitions.map((p) => p.logEndOffset);
    const committed = await admin.fetchOffsets({ groupId: 'ads', topics: ['clicks'] });
    await admin.disconnect();
    expect(
      committed[0]!.partitions
        .sort((a, b) => a.partition - b.partition)
        .map((partition) => Number(partition.offset)),
    ).toEqual(ends);

    await tools().kcat(['-P', '-t', 'clicks', '-K:'], lines(4, 40));
    const resumed = await tools().kcat(['-G', 'ads', '-e', '-q', 'clicks']);
    expect(resumed.stdout.split('\n').filter(Boolean).sort()).toEqual(['c40', 'c41', 'c42', 'c43']);

    const first = tools().kcatProcess(['-G', 'live', ...KCAT_FAST_GROUP, 'clicks']);
    const firstLog = collect(first.stderr);
    await waitFor(
      () => /assigned: clicks \[0\], clicks \[1\], clicks \[2\], clicks \[3\]/.test(firstLog()),
      'the first consumer to take all four partitions',
    );
    const second = tools().kcatProcess(['-G', 'live', ...KCAT_FAST_GROUP, 'clicks']);
    const secondLog = collect(second.stderr);
    const assignedTo = (log: string) =>
      [
        ...(
          /.*assigned: (.*)$/m.exec(
            log
              .split('\n')
              .filter((line) => / assigned: /.test(line))
              .at(-1) ?? '',
          )?.[1] ?? ''
        ).matchAll(/\[(\d+)\]/g),
      ].map((match) => Number(match[1]));
    await waitFor(
      () =>
        /revoked/.test(firstLog()) &&
        assignedTo(secondLog()).length > 0 &&
        assignedTo(firstLog()).length + assignedTo(secondLog()).length === 4,
      'the rebalance to split the partitions',
    );
    expect([...assignedTo(firstLog()), ...assignedTo(secondLog())].sort()).toEqual([0, 1, 2, 3]);
    expect(assignedTo(secondLog()).length).toBe(2); // librdkafka's range assignor: 2 and 2
    expect(cloud().kafka.groups.describe('live').members).toHaveLength(2);
    await Promise.all([stop(first), stop(second)]);
    expect(cloud().kafka.groups.describe('live')).toMatchObject({ state: 'Empty', members: [] });
  });
});

/**
 * localcloud's Kafka endpoint through two independent clients, kafkajs and kcat (librdkafka),
 * each negotiating its own protocol versions, and raw sockets for what no client would send.
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { startLocalCloud } from '@hybrid-lake/localcloud';
import { CompressionTypes, Kafka, logLevel, type Producer } from 'kafkajs';
import { useLocalCloud } from '../../fixtures/localcloud';
import { useCliTools } from '../../fixtures/cli-tools';

const cloud = useLocalCloud();
const tools = useCliTools(cloud, ['kcat']);

function kafkajs(): Kafka {
  return new Kafka({
    clientId: 'localcloud-test',
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
}

async function withProducer<T>(use: (producer: Producer) => Promise<T>): Promise<T> {
  const producer = kafkajs().producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    return await use(producer);
  } finally {
    await producer.disconnect();
  }
}

/** Every record of a topic as kcat reads it, partition by partition from the start. */
async function kcatRead(topic: string): Promise<string[]> {
  const { stdout } = await tools().kcat([
    '-C',
    '-t',
    topic,
    '-o',
    'beginning',
    '-e',
    '-q',
    '-f',
    '%p|%o|%k|%s|%h\n',
  ]);
  return stdout.split('\n').filter((line) => line !== '');
}

describe('localcloud Kafka', () => {
  it('stores what kafkajs produces, gzip or not, and kcat reads it back with keys and headers', async () => {
    cloud().kafka.topics.createTopic('access-events', { partitions: 2 });
    const sent = await withProducer((producer) =>
      Promise.all([
        producer.send({
          topic: 'access-events',
          compression: CompressionTypes.GZIP,
          messages: [
            { partition: 0, key: 'u1', value: '{"n":1}', headers: { source: 'web' } },
            { partition: 0, key: 'u2', value: '{"n":2}' },
          ],
        }),
        producer.send({
          topic: 'access-events',
          messages: [{ partition: 1, key: null, value: 'plain ünïcode' }],
        }),
      ]),
    );
    expect(
      sent
        .flat()
        .map(({ partition, errorCode, baseOffset }) => ({ partition, errorCode, baseOffset })),
    ).toEqual(
      expect.arrayContaining([
        { partition: 0, errorCode: 0, baseOffset: '0' },
        { partition: 1, errorCode: 0, baseOffset: '0' },
      ]),
    );
    expect((await kcatRead('access-events')).sort()).toEqual([
      '0|0|u1|{"n":1}|source=web',
      '0|1|u2|{"n":2}|',
      '1|0||plain ünïcode|',
    ]);
  });

  it('stores what kcat produces (gzip), at the offsets ListOffsets then reports to kafkajs', async () => {
    cloud().kafka.topics.createTopic('web-logs', { partitions: 1 });
    await tools().kcat(
      ['-P', '-t', 'web-logs', '-p', '0', '-K', ':', '-z', 'gzip'],
      'a:1\nb:2\nc:3\n',
    );
    expect(await kcatRead('web-logs')).toEqual(['0|0|a|1|', '0|1|b|2|', '0|2|c|3|']);
    const admin = kafkajs().admin();
    await admin.connect();
    try {
      expect(await admin.fetchTopicOffsets('web-logs')).toEqual([
        { partition: 0, offset: '3', high: '3', low: '0' },
      ]);
    } finally {
      await admin.disconnect();
    }
  });

  it('answers a waiting fetch as soon as records arrive (long polling)', async () => {
    cloud().kafka.topics.createTopic('interactions', { partitions: 1 });
    // kcat asks to wait up to a minute at the end of the partition; only the append can answer
    // it within this test's 20 seconds.
    const consumer = tools().kcat([
      '-C',
      '-t',
      'interactions',
      '-o',
      'end',
      '-c',
      '1',
      '-q',
      '-f',
      '%s\n',
      '-X',
      'fetch.wait.max.ms=60000',
    ]);
    let exited = false;
    void consumer.finally(() => (exited = true));
    while (cloud().kafka.topics.waitingFetches('interactions') === 0 && !exited)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await withProducer((producer) =>
      producer.send({ topic: 'interactions', messages: [{ value: 'arrived' }] }),
    );
    expect((await consumer).stdout).toBe('arrived\n');
  }, 20_000);

  it('refuses an unknown topic: nothing is created on demand', async () => {
    await expect(
      withProducer((producer) => producer.send({ topic: 'nope', messages: [{ value: 'x' }] })),
    ).rejects.toThrow(/does not host this topic-partition/);
    expect(cloud().kafka.topics.topic('nope')).toBeUndefined();
    // librdkafka waits for a topic to appear for up to message.timeout.ms (5 minutes).
    const shortWait = [
      '-X',
      'topic.metadata.propagation.max.ms=500',
      '-X',
      'message.timeout.ms=2000',
    ];
    await expect(tools().kcat(['-P', '-t', 'nope', ...shortWait], 'x\n')).rejects.toThrow(
      /Unknown topic or partition/i,
    );
  });

  it('refuses a batch over the topic limit with MESSAGE_TOO_LARGE, and stores nothing of it', async () => {
    cloud().kafka.topics.createTopic('purchases', { partitions: 1, maxMessageBytes: 1024 });
    await expect(
      withProducer((producer) =>
        producer.send({ topic: 'purchases', messages: [{ value: 'x'.repeat(4096) }] }),
      ),
    ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
    expect(cloud().kafka.topics.partition('purchases', 0)?.logEndOffset).toBe(0);
  });

  it('describes a topic of 400 partitions whole (a response far larger than one write buffer)', async () => {
    cloud().kafka.topics.createTopic('wide', { partitions: 400 });
    const admin = kafkajs().admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: ['wide'] });
      expect(
        topics[0]!.partitions.map((partition) => partition.partitionId).sort((a, b) => a - b),
      ).toEqual(Array.from({ length: 400 }, (_, index) => index));
      expect(new Set(topics[0]!.partitions.map((partition) => partition.leader))).toEqual(
        new Set([0]),
      );
    } finally {
      await admin.disconnect();
    }
  });

  it('answers INVALID_REQUIRED_ACKS to acks other than -1, 0 or 1, and stores nothing', async () => {
    cloud().kafka.topics.createTopic('purchases', { partitions: 1 });
    const topic = Buffer.from('purchases');
    const body = Buffer.concat([
      Buffer.from([0, 0, 0, 3, 0, 0, 0, 5, 0xff, 0xff]), // Produce v3, correlation 5, no client id
      Buffer.from([0xff, 0xff, 0, 2, 0, 0, 0x03, 0xe8]), // no transactional id, acks 2, 1 s
      Buffer.from([0, 0, 0, 1, 0, topic.length]),
      topic,
      Buffer.from([0, 0, 0, 1, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), // partition 0, null records
    ]);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    const socket = connect(cloud().kafka.port, cloud().kafka.host);
    try {
      const answered = new Promise<Buffer>((resolve) => socket.once('data', resolve));
      socket.write(Buffer.concat([size, body]));
      const response = await answered;
      expect(response.readInt32BE(4)).toBe(5);
      // responses[0]: name, then partitions[0]: index, error code
      const partitionAt = 8 + 4 + 2 + topic.length + 4;
      expect(response.readInt32BE(partitionAt)).toBe(0);
      expect(response.readInt16BE(partitionAt + 4)).toBe(21);
      expect(cloud().kafka.topics.partition('purchases', 0)?.logEndOffset).toBe(0);
    } finally {
      socket.destroy();
    }
  });

  it('closes only the connection that sent a frame it cannot read', async () => {
    const { port, host } = cloud().kafka;
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect(port, host, () => resolve(socket));
        socket.on('error', reject);
      });
    const [bystander, offender] = await Promise.all([open(), open()]);
    try {
      await new Promise<void>((resolve) => {
        offender.on('close', () => resolve());
        // A Produce v7 frame whose body ends in the middle of its header.
        offender.write(Buffer.from([0, 0, 0, 8, 0, 0, 0, 7, 0, 0, 0, 1]));
      });
      // The other connection is still open and still answered: ApiVersions v0, correlation 42.
      const answered = new Promise<Buffer>((resolve) => bystander.once('data', resolve));
      bystander.write(Buffer.from([0, 0, 0, 10, 0, 18, 0, 0, 0, 0, 0, 42, 0xff, 0xff]));
      const response = await answered;
      expect(response.readInt32BE(4)).toBe(42);
      expect(response.readInt16BE(8)).toBe(0);
      expect(bystander.destroyed).toBe(false);
    } finally {
      bystander.destroy();
      offender.destroy();
    }
  });

  it('fails to start on a taken Kafka port without leaving the other endpoints listening', async () => {
    const listening = async (port: number) => {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve());
      });
      return server;
    };
    const portOf = (server: ReturnType<typeof createServer>) =>
      (server.address() as AddressInfo).port;
    // Three free ports: one held (the taken Kafka port), two released for AWS and Azure.
    const [taken, aws, azure] = await Promise.all([listening(0), listening(0), listening(0)]);
    const [awsPort, azurePort] = [portOf(aws), portOf(azure)];
    await Promise.all(
      [aws, azure].map((server) => new Promise((resolve) => server.close(resolve))),
    );
    try {
      await expect(
        startLocalCloud({ port: awsPort, azurePort, kafkaPort: portOf(taken) }),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // Both ports are free again: the endpoints started before Kafka were closed.
      const reopened = await Promise.all([listening(awsPort), listening(azurePort)]);
      await Promise.all(reopened.map((server) => new Promise((resolve) => server.close(resolve))));
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});

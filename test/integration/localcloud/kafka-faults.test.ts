/**
 * Faults injected into localcloud's Kafka endpoint, through two independent clients: kafkajs and
 * kcat (librdkafka), and raw sockets for the answer's exact bytes. A fault strikes before a
 * request is handled (nothing is appended) or after (the batch is appended, then the answer is
 * lost or replaced by an error): the case an idempotent producer must get through without
 * storing a record twice, and a producer that is not idempotent cannot.
 */
import { connect } from 'node:net';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { InvalidFaultError } from '@hybrid-lake/localcloud';
import { Kafka, logLevel, type KafkaConfig, type ProducerConfig } from 'kafkajs';
import { useCliTools } from '../../fixtures/cli-tools';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud({ kafkaIam: true });
const tools = useCliTools(cloud, ['kcat']);

const TOPIC = 'purchases';
const RECORDS = Array.from({ length: 10 }, (_, index) => ({
  key: `k${index}`,
  value: `r${index}`,
}));
const VALUES = RECORDS.map((record) => record.value);

function kafkajs(config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'faults-test',
    brokers: [cloud().kafka.bootstrapServers],
    logLevel: logLevel.NOTHING,
    ...config,
  });
}

/** A client of the IAM listener, with a genuine MSK IAM token. */
function iamKafkajs(): Kafka {
  const listener = cloud().kafka.sasl!;
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  return kafkajs({
    brokers: [listener.bootstrapServers],
    ssl: { ca: [listener.caCertificate] },
    sasl: {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => {
        const { token } = await generateAuthTokenFromCredentialsProvider({
          region: cloud().region,
          awsCredentialsProvider: () => Promise.resolve({ accessKeyId, secretAccessKey }),
        });
        return { value: token };
      },
    },
  });
}

/** Sends RECORDS to TOPIC in one send, all acknowledged (acks=all), and disconnects. */
async function produce(kafka: Kafka, config: ProducerConfig = {}, topic = TOPIC): Promise<void> {
  const producer = kafka.producer({ allowAutoTopicCreation: false, ...config });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: RECORDS });
  } finally {
    await producer.disconnect();
  }
}

/** Every value of a topic as kcat reads it, from the start, sorted. */
async function stored(topic = TOPIC): Promise<string[]> {
  const { stdout } = await tools().kcat(['-C', '-t', topic, '-o', 'beginning', '-e', '-q']);
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .sort();
}

const twice = (values: readonly string[]) => [...values, ...values].sort();

beforeEach(() => cloud().kafka.topics.createTopic(TOPIC, { partitions: 1 }));

describe('Kafka faults through kafkajs', () => {
  it('an idempotent producer whose Produce was appended, then lost with its connection, stores each record once', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      when: 'after',
      dropConnection: true,
    });

    await produce(kafkajs(), { idempotent: true, maxInFlightRequests: 1 });

    expect(cloud().faults.triggered).toEqual([
      { service: 'kafka', operation: 'Produce', when: 'after' },
    ]);
    expect(await stored()).toEqual([...VALUES].sort());
  });

  it('a producer that is not idempotent, in the same situation, stores them twice', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      when: 'after',
      dropConnection: true,
    });

    await produce(kafkajs());

    expect(await stored()).toEqual(twice(VALUES));
  });

  it('an idempotent producer retries NOT_ENOUGH_REPLICAS_AFTER_APPEND without a duplicate; another stores twice', async () => {
    const afterAppend = {
      service: 'kafka',
      operation: 'Produce',
      when: 'after',
      error: { code: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' },
    } as const;
    cloud().faults.inject(afterAppend);
    await produce(kafkajs(), { idempotent: true, maxInFlightRequests: 1 });
    expect(await stored()).toEqual([...VALUES].sort());

    cloud().kafka.topics.createTopic('plain', { partitions: 1 });
    cloud().faults.inject(afterAppend);
    await produce(kafkajs(), {}, 'plain');
    expect(await stored('plain')).toEqual(twice(VALUES));
  });

  it('retries past retriable errors before the append, each record stored once', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      times: 2,
      error: { code: 'NOT_ENOUGH_REPLICAS' },
    });

    await produce(kafkajs());

    expect(cloud().faults.triggered).toHaveLength(2);
    expect(await stored()).toEqual([...VALUES].sort());
  });

  it('surfaces the error to a producer that does not retry, and stores nothing', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      error: { code: 'TOPIC_AUTHORIZATION_FAILED' },
    });

    await expect(produce(kafkajs({ retry: { retries: 0 } }))).rejects.toMatchObject({
      type: 'TOPIC_AUTHORIZATION_FAILED',
    });
    expect(cloud().kafka.topics.partition(TOPIC, 0)?.logEndOffset).toBe(0);
  });

  it('aims at one topic: requests naming another go through', async () => {
    cloud().kafka.topics.createTopic('web-logs', { partitions: 1 });
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      topic: 'web-logs',
      times: 5,
      error: { code: 'TOPIC_AUTHORIZATION_FAILED' },
    });
    const kafka = kafkajs({ retry: { retries: 0 } });

    await produce(kafka);
    await expect(produce(kafka, {}, 'web-logs')).rejects.toMatchObject({
      type: 'TOPIC_AUTHORIZATION_FAILED',
    });

    expect(await stored()).toEqual([...VALUES].sort());
    expect(cloud().faults.triggered).toEqual([
      { service: 'kafka', operation: 'Produce', topic: 'web-logs' },
    ]);
  });

  it('answers Metadata with the error, which kafkajs retries past', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Metadata',
      times: 2,
      error: { code: 'LEADER_NOT_AVAILABLE' },
    });

    await produce(kafkajs());

    expect(cloud().faults.triggered).toHaveLength(2);
    expect(await stored()).toEqual([...VALUES].sort());
  });

  it('stalls a request for the injected delay', async () => {
    cloud().faults.inject({ service: 'kafka', operation: 'Produce', delayMs: 300 });
    const producer = kafkajs().producer();
    await producer.connect();
    try {
      const started = Date.now();
      await producer.send({ topic: TOPIC, messages: RECORDS });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await producer.disconnect();
    }
  });

  it('strikes on the IAM listener too: an idempotent producer there stores each record once', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      when: 'after',
      dropConnection: true,
    });

    await produce(iamKafkajs(), { idempotent: true, maxInFlightRequests: 1 });

    expect(cloud().faults.triggered).toHaveLength(1);
    expect(await stored()).toEqual([...VALUES].sort());
  });

  it('refuses an error Kafka does not define, at inject time', () => {
    const inject = () =>
      cloud().faults.inject({
        service: 'kafka',
        operation: 'Produce',
        error: { code: 'NotEnoughReplicas' },
      });
    expect(inject).toThrow(InvalidFaultError);
    expect(inject).toThrow(/'NotEnoughReplicas' is no Kafka error/);
  });
});

describe('Kafka faults on the wire', () => {
  /** Produce v3, acks=all, to partitions 0 and 1 of TOPIC, with null record sets. */
  function produceFrame(correlationId: number): Buffer {
    const topic = Buffer.from(TOPIC);
    const body = Buffer.concat([
      Buffer.from([0, 0, 0, 3]), // Produce v3
      Buffer.alloc(4),
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x03, 0xe8]), // no client id, no transactional id, acks -1, 1 s
      Buffer.from([0, 0, 0, 1, 0, topic.length]),
      topic,
      Buffer.from([0, 0, 0, 2]),
      Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), // partition 0, null records
      Buffer.from([0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff]), // partition 1, null records
    ]);
    body.writeInt32BE(correlationId, 4);
    const size = Buffer.alloc(4);
    size.writeInt32BE(body.length);
    return Buffer.concat([size, body]);
  }

  /** The broker's answer to one frame, or that it closed the connection without one. */
  async function exchange(frame: Buffer): Promise<{ received: Buffer; closed: boolean }> {
    const socket = connect(cloud().kafka.port, cloud().kafka.host);
    let received = Buffer.alloc(0);
    try {
      const closed = await new Promise<boolean>((resolve) => {
        socket.on('data', (chunk: Buffer) => {
          received = Buffer.concat([received, chunk]);
          if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0))
            resolve(false);
        });
        socket.once('close', () => resolve(true));
        socket.write(frame);
      });
      return { received, closed };
    } finally {
      socket.destroy();
    }
  }

  it('answers Produce in its own layout: the error on every partition, base offset -1, nothing stored', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      error: { code: 'NOT_ENOUGH_REPLICAS' },
    });

    const { received, closed } = await exchange(produceFrame(7));

    expect(closed).toBe(false);
    expect(received.readInt32BE(0)).toBe(received.length - 4);
    expect(received.readInt32BE(4)).toBe(7);
    // responses: one topic, its name, then two partitions: index, error code, base offset,
    // log append time; then throttle_time_ms
    let at = 8 + 4 + 2 + TOPIC.length;
    expect(received.readInt32BE(at)).toBe(2);
    at += 4;
    for (const index of [0, 1]) {
      expect(received.readInt32BE(at)).toBe(index);
      expect(received.readInt16BE(at + 4)).toBe(19);
      expect(received.readBigInt64BE(at + 6)).toBe(-1n);
      expect(received.readBigInt64BE(at + 14)).toBe(-1n);
      at += 22;
    }
    expect(received.readInt32BE(at)).toBe(0);
    expect(at + 4).toBe(received.length);
    expect(cloud().kafka.topics.partition(TOPIC, 0)?.logEndOffset).toBe(0);
  });

  it('drops the connection without answering', async () => {
    cloud().faults.inject({ service: 'kafka', operation: 'Produce', dropConnection: true });

    const { received, closed } = await exchange(produceFrame(8));

    expect(closed).toBe(true);
    expect(received.length).toBe(0);
  });
});

describe('Kafka faults through kcat (librdkafka)', () => {
  const INPUT = 'a\nb\nc\n';
  /** Keeps producing past connection errors (-E) instead of exiting at the first one. */
  const kcatProduce = (...extra: string[]) =>
    tools().kcat(['-E', '-P', '-t', TOPIC, '-p', '0', '-X', 'log_level=0', ...extra], INPUT);

  it('produces through retriable errors and delivers each record once', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      times: 2,
      error: { code: 'NOT_ENOUGH_REPLICAS' },
    });

    await kcatProduce();

    expect(cloud().faults.triggered).toHaveLength(2);
    expect(await stored()).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['NOT_ENOUGH_REPLICAS_AFTER_APPEND', { error: { code: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' } }],
    ['a dropped connection', { dropConnection: true }],
  ] as const)(
    'idempotent, produces through %s after the append without a duplicate; not idempotent, stores a record twice',
    async (_name, fault) => {
      cloud().faults.inject({ service: 'kafka', operation: 'Produce', when: 'after', ...fault });
      await kcatProduce('-X', 'enable.idempotence=true');
      expect(await stored()).toEqual(['a', 'b', 'c']);

      cloud().reset();
      cloud().kafka.topics.createTopic(TOPIC, { partitions: 1 });
      cloud().faults.inject({ service: 'kafka', operation: 'Produce', when: 'after', ...fault });
      await kcatProduce();
      const values = await stored();
      expect(new Set(values)).toEqual(new Set(['a', 'b', 'c']));
      expect(values.length).toBeGreaterThan(3);
    },
  );

  it('reports the delivery failure of a non-retriable error, and nothing is stored', async () => {
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Produce',
      error: { code: 'TOPIC_AUTHORIZATION_FAILED' },
    });

    await expect(kcatProduce()).rejects.toThrow(/Delivery failed.*Topic authorization failed/);
    expect(await stored()).toEqual([]);
  });

  it('reads every record through Fetch errors on its partition', async () => {
    await kcatProduce();
    cloud().faults.inject({
      service: 'kafka',
      operation: 'Fetch',
      times: 3,
      error: { code: 'NOT_LEADER_OR_FOLLOWER' },
    });

    expect(await stored()).toEqual(['a', 'b', 'c']);
    expect(cloud().faults.triggered).toHaveLength(3);
  });
});

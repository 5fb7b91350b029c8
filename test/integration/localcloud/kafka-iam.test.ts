/**
 * localcloud's Kafka listener for IAM clients, as MSK's: TLS, then SASL/OAUTHBEARER with the
 * token of aws-msk-iam-sasl-signer-js, verified against localcloud's credentials. kafkajs with a
 * genuine token gets in; a token signed with the wrong secret, for another region, or expired is
 * refused with SASL_AUTHENTICATION_FAILED; kcat (librdkafka), which cannot make an IAM token, is
 * refused too, and so is a client that skips authentication.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect as netConnect } from 'node:net';
import { connect } from 'node:tls';
import { startLocalCloud } from '@hybrid-lake/localcloud';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { useCliTools } from '../../fixtures/cli-tools';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud({ kafkaIam: true });
const tools = useCliTools(cloud, ['kcat']);

interface Signing {
  readonly secretAccessKey?: string;
  readonly region?: string;
}

/** The bearer token exactly as the MSK IAM signer makes it, from the given credentials. */
function iamSasl(signing: Signing = {}): SASLOptions {
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  return {
    mechanism: 'oauthbearer',
    oauthBearerProvider: async () => {
      const { token } = await generateAuthTokenFromCredentialsProvider({
        region: signing.region ?? cloud().region,
        awsCredentialsProvider: () =>
          Promise.resolve({
            accessKeyId,
            secretAccessKey: signing.secretAccessKey ?? secretAccessKey,
          }),
      });
      return { value: token };
    },
  };
}

/** A client of the IAM listener; `signing` spoils its token, and it then tries only once. */
function iamClient(signing?: Signing): Kafka {
  const listener = cloud().kafka.sasl!;
  return new Kafka({
    clientId: 'iam-test',
    brokers: [listener.bootstrapServers],
    ssl: { ca: [listener.caCertificate] },
    sasl: iamSasl(signing),
    logLevel: logLevel.NOTHING,
    ...(signing && { retry: { retries: 0 } }),
  });
}

async function connectError(signing: Signing): Promise<Error> {
  const producer = iamClient(signing).producer();
  const error = await producer.connect().then(
    () => new Error('the producer was let in'),
    (refused: Error) => refused,
  );
  await producer.disconnect();
  return error;
}

it('lets in a client with a genuine MSK IAM token, over TLS, to produce and consume', async () => {
  cloud().kafka.topics.createTopic('secure', { partitions: 1 });
  const kafka = iamClient();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  await producer.send({ topic: 'secure', messages: [{ value: 'signed' }] });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: 'secure-readers', maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'secure', fromBeginning: true });
  const value = await new Promise<string>((resolve) => {
    void consumer.run({
      eachMessage: ({ message }) => {
        resolve(message.value!.toString());
        return Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  expect(value).toBe('signed');
});

it.each([
  [{ secretAccessKey: 'not-the-secret' }, /signature does not match/],
  [{ region: 'eu-central-1' }, /signed for eu-central-1, not us-east-1/],
])('refuses a token signed with %o', async (signing, reason) => {
  const error = await connectError(signing);
  expect(error.name).toBe('KafkaJSSASLAuthenticationError');
  expect(error.message).toMatch(reason);
});

it('refuses a token past its expiry (15 minutes from signing)', async () => {
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  const { token } = await generateAuthTokenFromCredentialsProvider({
    region: cloud().region,
    awsCredentialsProvider: () => Promise.resolve({ accessKeyId, secretAccessKey }),
  });
  cloud().advanceClock(15 * 60_000 + 1_000);
  const producer = new Kafka({
    brokers: [cloud().kafka.sasl!.bootstrapServers],
    ssl: { ca: [cloud().kafka.sasl!.caCertificate] },
    sasl: {
      mechanism: 'oauthbearer',
      oauthBearerProvider: () => Promise.resolve({ value: token }),
    },
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  }).producer();
  await expect(producer.connect()).rejects.toThrow(/the token expired at/);
  await producer.disconnect();
});

it('closes the connection of a client that asks for anything before authenticating', async () => {
  const listener = cloud().kafka.sasl!;
  const socket = connect({ host: '127.0.0.1', port: listener.port, ca: [listener.caCertificate] });
  await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
  // Metadata v4 for every topic: size, api key 3, version 4, correlation id, client id, null topics, auto-create false.
  const body = Buffer.from([0, 3, 0, 4, 0, 0, 0, 7, 0, 1, 0x78, 0xff, 0xff, 0xff, 0xff, 0]);
  const frame = Buffer.concat([Buffer.from([0, 0, 0, body.length]), body]);
  const received: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.write(frame);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  expect(Buffer.concat(received)).toHaveLength(0);
});

it('refuses kcat, whose OAUTHBEARER token is an unsigned JWT, with an authentication failure', async () => {
  const ca = join(tools().workDir, 'kafka-ca.pem');
  writeFileSync(ca, cloud().kafka.sasl!.caCertificate);
  const refused = tools().kcat([
    ...['-b', cloud().kafka.sasl!.bootstrapServers, '-L'],
    ...['-X', 'security.protocol=SASL_SSL', '-X', `ssl.ca.location=${ca}`],
    ...['-X', 'sasl.mechanisms=OAUTHBEARER', '-X', 'enable.sasl.oauthbearer.unsecure.jwt=true'],
    ...['-X', 'sasl.oauthbearer.config=principal=intruder', '-m', '2'],
  ]);
  await expect(refused).rejects.toThrow(
    /SASL authentication error: IAM authentication failed: the token is not base64url/,
  );
});

/** Request frames written by hand: api key, version, correlation id, no client id, then `body`. */
function frame(apiKey: number, version: number, correlationId: number, body: Buffer): Buffer {
  const header = Buffer.alloc(10);
  header.writeInt16BE(apiKey, 0);
  header.writeInt16BE(version, 2);
  header.writeInt32BE(correlationId, 4);
  header.writeInt16BE(-1, 8);
  const size = Buffer.alloc(4);
  size.writeInt32BE(header.length + body.length);
  return Buffer.concat([size, header, body]);
}

const kafkaString = (text: string) => {
  const bytes = Buffer.from(text);
  const length = Buffer.alloc(2);
  length.writeInt16BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

const kafkaBytes = (bytes: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

it('grants a session as long as the token, and closes the connection once it has ended', async () => {
  const listener = cloud().kafka.sasl!;
  const { accessKeyId, secretAccessKey } = cloud().clientConfig.credentials;
  const { token } = await generateAuthTokenFromCredentialsProvider({
    region: cloud().region,
    awsCredentialsProvider: () => Promise.resolve({ accessKeyId, secretAccessKey }),
  });
  const socket = connect({ host: '127.0.0.1', port: listener.port, ca: [listener.caCertificate] });
  await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  /** The next response's body (after its size and correlation id). */
  const response = async (): Promise<Buffer> => {
    while (received.length < 4 || received.length < 4 + received.readInt32BE(0))
      await new Promise((resolve) => socket.once('data', resolve));
    const size = received.readInt32BE(0);
    const body = received.subarray(8, 4 + size);
    received = received.subarray(4 + size);
    return body;
  };
  const metadataV4 = Buffer.from([0xff, 0xff, 0xff, 0xff, 0]); // every topic, no auto-creation

  socket.write(frame(17, 1, 1, kafkaString('OAUTHBEARER')));
  expect((await response()).readInt16BE(0)).toBe(0);
  socket.write(
    frame(36, 1, 2, kafkaBytes(Buffer.from(`n,,\u0001auth=Bearer ${token}\u0001\u0001`))),
  );
  const authenticated = await response();
  expect(authenticated.readInt16BE(0)).toBe(0); // error code
  // error_message (null, 2 bytes), auth_bytes (empty, 4 bytes), then session_lifetime_ms
  const lifetimeMs = Number(authenticated.readBigInt64BE(2 + 2 + 4));
  expect(lifetimeMs).toBeGreaterThan(14 * 60_000);
  expect(lifetimeMs).toBeLessThanOrEqual(15 * 60_000);
  socket.write(frame(3, 4, 3, metadataV4));
  expect((await response()).length).toBeGreaterThan(0);

  cloud().advanceClock(lifetimeMs + 1_000);
  socket.write(frame(3, 4, 4, metadataV4));
  await closed;
  expect(received).toHaveLength(0);
});

it('stops at once with a client stuck before its TLS handshake', async () => {
  const own = await startLocalCloud({ port: 0, kafkaIam: true });
  const stuck = netConnect(own.kafka.sasl!.port, '127.0.0.1');
  await new Promise<void>((resolve) => stuck.once('connect', () => resolve()));
  const stopped = own.stop().then(() => 'stopped');
  const tooLong = new Promise((resolve) =>
    setTimeout(() => resolve('still stopping'), 5_000).unref(),
  );
  expect(await Promise.race([stopped, tooLong])).toBe('stopped');
  stuck.destroy();
});

it('answers a failed authentication before closing, even with requests sent behind it', async () => {
  const listener = cloud().kafka.sasl!;
  const socket = connect({ host: '127.0.0.1', port: listener.port, ca: [listener.caCertificate] });
  await new Promise<void>((resolve) => socket.once('secureConnect', () => resolve()));
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.write(
    Buffer.concat([
      frame(17, 1, 1, kafkaString('OAUTHBEARER')),
      frame(36, 1, 2, kafkaBytes(Buffer.from('n,,\u0001auth=Bearer not-a-token\u0001\u0001'))),
      frame(3, 4, 3, Buffer.from([0xff, 0xff, 0xff, 0xff, 0])),
    ]),
  );
  await closed;
  const correlations: number[] = [];
  for (let at = 0; at < received.length; at += 4 + received.readInt32BE(at))
    correlations.push(received.readInt32BE(at + 4));
  expect(correlations).toEqual([1, 2]);
  // The second answer is the failure, with its reason.
  const second = received.subarray(received.readInt32BE(0) + 4);
  expect(second.readInt16BE(8)).toBe(58);
  expect(second.toString('utf8')).toMatch(/IAM authentication failed/);
});

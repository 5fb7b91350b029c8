/**
 * localcloud's Kafka listener for IAM clients, as MSK's: TLS, then SASL/OAUTHBEARER with the
 * token of aws-msk-iam-sasl-signer-js, verified against localcloud's credentials. kafkajs with a
 * genuine token gets in; a token signed with the wrong secret, for another region, or expired is
 * refused with SASL_AUTHENTICATION_FAILED; kcat (librdkafka), which cannot make an IAM token, is
 * refused too, and so is a client that skips authentication.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { generateAuthTokenFromCredentialsProvider } from 'aws-msk-iam-sasl-signer-js';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { useCliTools } from '../../fixtures/cli-tools';
import { useLocalCloud } from '../../fixtures/localcloud';

const cloud = useLocalCloud();
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

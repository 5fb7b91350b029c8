import { CompressionTypes, logLevel, Partitioners } from 'kafkajs';
import {
  ACKS_ALL,
  COMPRESSION,
  COMPRESS_FROM_BYTES,
  compressionFor,
  kafkaClientConfig,
  kafkaLogCreator,
  producerConfig,
} from '../../../../lambdas/shared/kafka-config';

const brokers = ['b-1.example.kafka.eu-west-1.amazonaws.com:9098'];

describe('producerConfig', () => {
  it('is idempotent, one request in flight, never creates topics, Java-compatible partitions', () => {
    const config = producerConfig();
    expect(config).toMatchObject({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    expect(config.createPartitioner).toBe(Partitioners.DefaultPartitioner);
    expect(config.retry?.retries).toBeGreaterThanOrEqual(1);
  });

  it('sends with acks from every in-sync replica, gzip-compressed', () => {
    expect(ACKS_ALL).toBe(-1);
    expect(COMPRESSION).toBe(CompressionTypes.GZIP);
  });

  it('leaves a batch of a few hundred bytes uncompressed, and gzips from 4 KiB', () => {
    expect(compressionFor(300)).toBe(CompressionTypes.None);
    expect(compressionFor(COMPRESS_FROM_BYTES - 1)).toBe(CompressionTypes.None);
    expect(compressionFor(COMPRESS_FROM_BYTES)).toBe(CompressionTypes.GZIP);
    expect(compressionFor(1_048_576)).toBe(CompressionTypes.GZIP);
  });
});

describe('kafkaClientConfig', () => {
  it('authenticates with MSK IAM over TLS, signing a token for the region', async () => {
    const regions: string[] = [];
    const config = kafkaClientConfig({
      brokers,
      auth: 'iam',
      region: 'eu-west-1',
      log: () => undefined,
      generateToken: ({ region }) => {
        regions.push(region);
        return Promise.resolve({ token: 'signed-token' });
      },
    });
    expect(config.brokers).toEqual(brokers);
    expect(config.ssl).toBe(true);
    expect(config.sasl).toMatchObject({ mechanism: 'oauthbearer' });
    const sasl = config.sasl as { oauthBearerProvider: () => Promise<{ value: string }> };
    await expect(sasl.oauthBearerProvider()).resolves.toEqual({ value: 'signed-token' });
    expect(regions).toEqual(['eu-west-1']);
  });

  it('trusts a private certificate authority when given one, and only it', () => {
    const config = kafkaClientConfig({
      brokers,
      auth: 'iam',
      region: 'eu-west-1',
      log: () => undefined,
      tlsCa: '-----BEGIN CERTIFICATE-----\nlocal\n-----END CERTIFICATE-----\n',
    });
    expect(config.ssl).toEqual({
      ca: ['-----BEGIN CERTIFICATE-----\nlocal\n-----END CERTIFICATE-----\n'],
    });
  });

  it('speaks plaintext without SASL for a local broker', () => {
    const config = kafkaClientConfig({
      brokers: ['localhost:9092'],
      auth: 'none',
      region: 'eu-west-1',
      log: () => undefined,
    });
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
  });
});

describe('kafkaLogCreator', () => {
  const entry = (message: string, level = logLevel.ERROR) => ({
    namespace: 'Connection',
    level,
    label: 'ERROR',
    log: { timestamp: '', logger: 'kafkajs', message },
  });

  it('prints one short line, and a repeat only after a minute', () => {
    const lines: string[] = [];
    let now = 0;
    const log = kafkaLogCreator(
      (line) => lines.push(line),
      () => now,
    )(logLevel.WARN);
    log(entry('Connection error: connect ECONNREFUSED'));
    log(entry('Connection error: connect ECONNREFUSED'));
    now = 61_000;
    log(entry('Connection error: connect ECONNREFUSED'));
    log(
      entry(
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
        logLevel.WARN,
      ),
    );
    expect(lines).toEqual([
      'kafka error [Connection]: Connection error: connect ECONNREFUSED',
      'kafka error [Connection]: Connection error: connect ECONNREFUSED',
    ]);
  });
});

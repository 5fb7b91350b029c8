/**
 * How the platform's producers (the event producer, the marketplace API's ingestion function)
 * and its local consumers talk to Kafka. Pure functions, so the settings that matter
 * (idempotence, acks, in-flight limit, IAM authentication) are unit-tested without a broker.
 *
 * - Idempotent writes: a retried batch is not written twice. kafkajs documents that exactly-once
 *   needs acks from all in-sync replicas and at most ONE request in flight (unlike the Java
 *   client's 5), since it does not re-sequence batches that fail out of order; so 1 it is.
 * - GZIP: the only codec kafkajs ships without a native add-on, and JSON compresses well; a batch
 *   of a few hundred bytes goes uncompressed (`compressionFor`).
 * - The Java-compatible partitioner (murmur2), so a key lands on the partition any other client
 *   would pick for it.
 * - Topics are never auto-created: they are declared in the platform definition and deployed
 *   with their partitions and retention, and a typo must fail instead of creating a new topic.
 * - Sends retry a bounded number of times, not forever: when they run out the producer sends
 *   nothing more (the run stops, or the API answers an error and drops its producer; the API's
 *   retry may send the same batch again under the same identity, which the broker recognises),
 *   so the limit cannot duplicate or reorder records; kafkajs's generic warning about it is
 *   therefore muted.
 */
import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import {
  CompressionTypes,
  logLevel,
  Partitioners,
  type KafkaConfig,
  type logCreator,
  type OauthbearerProviderResponse,
  type ProducerConfig,
} from 'kafkajs';

/** `iam`: TLS and SASL/OAUTHBEARER with an MSK IAM token (MSK's port 9098); `none`: plaintext. */
export const KAFKA_AUTH_MODES = ['iam', 'none'] as const;
export type KafkaAuthMode = (typeof KAFKA_AUTH_MODES)[number];

/** Acknowledged by every in-sync replica (`acks=all`), required by the idempotent producer. */
export const ACKS_ALL = -1;
export const COMPRESSION = CompressionTypes.GZIP;

/**
 * Below this many bytes of values a batch goes uncompressed: GZIP's header and dictionary-less
 * start save little on a record or two of JSON, and its CPU is a measurable share of a
 * one-record request (docs/benchmarks.md, "Marketplace API").
 */
export const COMPRESS_FROM_BYTES = 4_096;

/** The codec of a batch whose values take `bytes`. */
export function compressionFor(bytes: number): CompressionTypes {
  return bytes >= COMPRESS_FROM_BYTES ? COMPRESSION : CompressionTypes.None;
}
/** The event producer's client id, the default. */
export const CLIENT_ID = 'hybrid-lake-event-producer';

export type TokenGenerator = (options: { region: string }) => Promise<{ token: string }>;

export interface KafkaClientSettings {
  readonly brokers: readonly string[];
  readonly auth: KafkaAuthMode;
  /** How the brokers' logs and metrics name this client. @default CLIENT_ID */
  readonly clientId?: string;
  /** How long one request may wait for its answer. @default kafkajs's 30 s */
  readonly requestTimeoutMs?: number;
  /** Retries of connecting and of the client's own requests. @default CONNECT_RETRY */
  readonly retry?: SendRetry;
  /** Region that signs the MSK IAM token (auth `iam`). */
  readonly region: string;
  /** Writes one line of the client's own warnings and errors. */
  readonly log: (line: string) => void;
  /** @default generateAuthToken of aws-msk-iam-sasl-signer-js (default credential chain) */
  readonly generateToken?: TokenGenerator;
  /**
   * The certificate authority (PEM) the brokers' certificates chain to, when it is a private one
   * (auth `iam`). @default the system's and NODE_EXTRA_CA_CERTS's
   */
  readonly tlsCa?: string;
}

/** Connection attempts are retried a few times, then the error reaches the operator. */
export const CONNECT_RETRY: SendRetry = { retries: 5, initialRetryTime: 300, maxRetryTime: 10_000 };

export function kafkaClientConfig(settings: KafkaClientSettings): KafkaConfig {
  const generateToken = settings.generateToken ?? generateAuthToken;
  const base: KafkaConfig = {
    clientId: settings.clientId ?? CLIENT_ID,
    brokers: [...settings.brokers],
    connectionTimeout: 5_000,
    ...(settings.requestTimeoutMs !== undefined && { requestTimeout: settings.requestTimeoutMs }),
    retry: { ...(settings.retry ?? CONNECT_RETRY) },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(settings.log),
  };
  if (settings.auth === 'none') return base;
  return {
    ...base,
    ssl: settings.tlsCa === undefined ? true : { ca: [settings.tlsCa] },
    sasl: {
      mechanism: 'oauthbearer',
      // Called on every (re)authentication, so tokens (valid 15 min) are always fresh; the
      // signer reads credentials from the default AWS chain and never logs them.
      oauthBearerProvider: async (): Promise<OauthbearerProviderResponse> => {
        const { token } = await generateToken({ region: settings.region });
        return { value: token };
      },
    },
  };
}

/** kafkajs's retry settings (its `RetryOptions`). */
export interface SendRetry {
  readonly retries: number;
  readonly initialRetryTime: number;
  readonly maxRetryTime: number;
}

/** Retries of one send: about four minutes of backoff before the run gives up. */
export const SEND_RETRY: SendRetry = { retries: 10, initialRetryTime: 300, maxRetryTime: 30_000 };

/** An idempotent producer; `retry` bounds how long one send may take. @default SEND_RETRY */
export function producerConfig(retry: SendRetry = SEND_RETRY): ProducerConfig {
  return {
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { ...retry },
  };
}

const MUTED_WARNINGS = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);
/** The same message is shown once per window: a reconnect loop would otherwise flood stderr. */
const REPEAT_WINDOW_MS = 60_000;

/** kafkajs log entries as one short line each, without the structured dump. */
export function kafkaLogCreator(
  log: (line: string) => void,
  now: () => number = Date.now,
): logCreator {
  const lastShown = new Map<string, number>();
  return () =>
    ({ namespace, level, log: entry }) => {
      if (MUTED_WARNINGS.has(entry.message)) return;
      const label = level === logLevel.ERROR ? 'error' : 'warn';
      const line = `kafka ${label} [${namespace}]: ${entry.message}`;
      const shownAt = lastShown.get(line);
      if (shownAt !== undefined && now() - shownAt < REPEAT_WINDOW_MS) return;
      lastShown.set(line, now());
      log(line);
    };
}

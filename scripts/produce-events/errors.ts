/**
 * Typed errors of the event producer. The CLI picks the exit code from the class, never from
 * message text: usage and configuration mistakes exit 2, a producer that cannot deliver exits 1.
 * Kafka client errors are translated once, here, into the few cases an operator acts on.
 */
import { UsageError } from '../shared/usage-error';

/** A `--topic` the platform definition does not declare. */
export class UnknownTopicError extends UsageError {
  override readonly name = 'UnknownTopicError';
  constructor(
    readonly topic: string,
    readonly known: readonly string[],
  ) {
    super(`unknown topic "${topic}"; the platform defines: ${known.join(', ')}`);
  }
}

/** A generated record does not fit its dataset's columns: a generator bug, never sent. */
export class RecordShapeError extends Error {
  override readonly name = 'RecordShapeError';
  constructor(
    readonly dataset: string,
    readonly problems: readonly string[],
  ) {
    super(`generated ${dataset} record does not fit the dataset: ${problems.join('; ')}`);
  }
}

/** Base of the failures to reach or use the Kafka cluster. */
export abstract class KafkaDeliveryError extends Error {}

/** No broker answered: wrong address, port, network path, or the cluster is down. */
export class BrokerUnreachableError extends KafkaDeliveryError {
  override readonly name = 'BrokerUnreachableError';
}

/** A broker answered but refused us: credentials, IAM policy, or TLS/SASL settings. */
export class KafkaAuthError extends KafkaDeliveryError {
  override readonly name = 'KafkaAuthError';
}

/** The topic does not exist on the cluster (the producer never creates topics). */
export class TopicNotFoundError extends KafkaDeliveryError {
  override readonly name = 'TopicNotFoundError';
}

/** Anything else the Kafka client reported. */
export class KafkaProduceError extends KafkaDeliveryError {
  override readonly name = 'KafkaProduceError';
}

const AUTH_PROTOCOL_ERRORS = new Set([
  'SASL_AUTHENTICATION_FAILED',
  'TOPIC_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
  'ILLEGAL_SASL_STATE',
  'UNSUPPORTED_SASL_MECHANISM',
]);
const UNREACHABLE_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSBrokerNotFound',
  'KafkaJSRequestTimeoutError',
]);
/** Thrown by the AWS SDK credential chain when the IAM token cannot be signed. */
const CREDENTIAL_ERRORS = new Set(['CredentialsProviderError', 'ExpiredTokenException']);

interface ErrorLike {
  readonly name?: unknown;
  readonly type?: unknown;
  readonly message?: unknown;
  readonly cause?: unknown;
  readonly originalError?: unknown;
}

/** The error and every error it wraps (`cause`, and kafkajs's `originalError`). */
function chainOf(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 10) {
    const link = current as ErrorLike;
    chain.push(link);
    current = link.cause ?? link.originalError;
  }
  return chain;
}

/** Translates a kafkajs (or AWS SDK credential) error into one of the typed errors above. */
export function classifyKafkaError(error: unknown, brokers: readonly string[]): KafkaDeliveryError {
  if (error instanceof KafkaDeliveryError) return error;
  const chain = chainOf(error);
  const has = (test: (link: ErrorLike) => boolean) => chain.find(test);
  const detail = (link: ErrorLike | undefined) =>
    typeof link?.message === 'string' ? link.message : String(error);
  const where = brokers.join(', ');

  const credentials = has((link) => CREDENTIAL_ERRORS.has(String(link.name)));
  if (credentials) {
    return new KafkaAuthError(
      `no AWS credentials to sign the MSK IAM token: ${detail(credentials)}`,
      {
        cause: error,
      },
    );
  }
  const auth = has(
    (link) =>
      link.name === 'KafkaJSSASLAuthenticationError' || AUTH_PROTOCOL_ERRORS.has(String(link.type)),
  );
  if (auth) {
    return new KafkaAuthError(`${where} refused the producer: ${detail(auth)}`, { cause: error });
  }
  const missingTopic = has((link) => link.type === 'UNKNOWN_TOPIC_OR_PARTITION');
  if (missingTopic) {
    return new TopicNotFoundError(
      `a topic does not exist on ${where}; create it first (the producer never creates topics)`,
      { cause: error },
    );
  }
  const unreachable = has((link) => UNREACHABLE_ERRORS.has(String(link.name)));
  if (unreachable) {
    return new BrokerUnreachableError(
      `cannot reach a Kafka broker at ${where}: ${detail(unreachable)}`,
      {
        cause: error,
      },
    );
  }
  return new KafkaProduceError(`Kafka failed: ${detail(chain[0])}`, { cause: error });
}

/** A topic's dataset has no generator yet (a stream dataset added to the definition). */
export class NoGeneratorError extends UsageError {
  override readonly name = 'NoGeneratorError';
}

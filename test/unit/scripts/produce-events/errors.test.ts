import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import {
  BrokerUnreachableError,
  classifyKafkaError,
  KafkaAuthError,
  KafkaProduceError,
  TopicNotFoundError,
} from '../../../../scripts/produce-events/errors';

const brokers = ['b-1:9098', 'b-2:9098'];
// The class takes a message at runtime; its published typings omit the parameter.
const saslFailure = (message: string) =>
  new (KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error)(message);

describe('classifyKafkaError', () => {
  it('reports an unreachable cluster, also behind the retry wrapper', () => {
    const refused = new KafkaJSConnectionError(
      'Connection error: connect ECONNREFUSED 10.0.0.1:9098',
    );
    const retried = new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 3000 });
    const error = classifyKafkaError(retried, brokers);
    expect(error).toBeInstanceOf(BrokerUnreachableError);
    expect(error.message).toBe(
      'cannot reach a Kafka broker at b-1:9098, b-2:9098: Connection error: connect ECONNREFUSED 10.0.0.1:9098',
    );
    expect(error.cause).toBe(retried);
  });

  it('reports a refused authentication', () => {
    const error = classifyKafkaError(
      saslFailure('SASL OAUTHBEARER authentication failed'),
      brokers,
    );
    expect(error).toBeInstanceOf(KafkaAuthError);
    expect(error.message).toContain('refused the producer');
  });

  it('reports missing AWS credentials for the IAM token', () => {
    const noCredentials = Object.assign(
      new Error('Could not load credentials from any providers'),
      { name: 'CredentialsProviderError' },
    );
    const error = classifyKafkaError(noCredentials, brokers);
    expect(error).toBeInstanceOf(KafkaAuthError);
    expect(error.message).toMatch(/^no AWS credentials to sign the MSK IAM token/);
  });

  it('reports an authorization failure from the protocol', () => {
    const denied = Object.assign(new KafkaJSProtocolError('Not authorized to access topics'), {
      type: 'TOPIC_AUTHORIZATION_FAILED',
    });
    expect(classifyKafkaError(denied, brokers)).toBeInstanceOf(KafkaAuthError);
  });

  it('reports a missing topic', () => {
    const missing = Object.assign(
      new KafkaJSProtocolError('This server does not host this topic-partition'),
      {
        type: 'UNKNOWN_TOPIC_OR_PARTITION',
      },
    );
    expect(classifyKafkaError(missing, brokers)).toBeInstanceOf(TopicNotFoundError);
  });

  it('keeps anything else, with its message', () => {
    const error = classifyKafkaError(new Error('boom'), brokers);
    expect(error).toBeInstanceOf(KafkaProduceError);
    expect(error.message).toBe('Kafka failed: boom');
  });
});

/**
 * The ingestion function's configuration, read once at cold start. The CDK sets these variables
 * (none is secret: MSK IAM signs with the function's own role); the routes, limits and columns
 * come from the platform definition of `PLATFORM_ENV`.
 */
import { KAFKA_AUTH_MODES, type KafkaAuthMode } from '../shared/kafka-config';
import { enumEnv, requireEnv } from '../shared/env';

export interface IngestConfig {
  /** `PLATFORM_ENV` */
  readonly platformEnv: string;
  /** `KAFKA_BOOTSTRAP_SERVERS`: `host:port,…` (MSK's SASL/IAM brokers, port 9098). */
  readonly brokers: readonly string[];
  /** `KAFKA_AUTH` @default iam */
  readonly kafkaAuth: KafkaAuthMode;
  /** `IDEMPOTENCY_TABLE_NAME`: key `id` S, TTL `expiration`. */
  readonly idempotencyTableName: string;
  /** `ALLOWED_ORIGIN` @default undefined (no browser origin) */
  readonly allowedOrigin?: string;
  /** `AWS_REGION`: the region that signs the MSK IAM token (Lambda sets it). */
  readonly region: string;
}

export function loadIngestConfig(environment: NodeJS.ProcessEnv = process.env): IngestConfig {
  const allowedOrigin = environment.ALLOWED_ORIGIN?.trim();
  return {
    platformEnv: requireEnv('PLATFORM_ENV', environment),
    brokers: requireEnv('KAFKA_BOOTSTRAP_SERVERS', environment)
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker !== ''),
    kafkaAuth: enumEnv('KAFKA_AUTH', KAFKA_AUTH_MODES, 'iam', environment),
    idempotencyTableName: requireEnv('IDEMPOTENCY_TABLE_NAME', environment),
    ...(allowedOrigin && { allowedOrigin }),
    region: requireEnv('AWS_REGION', environment),
  };
}

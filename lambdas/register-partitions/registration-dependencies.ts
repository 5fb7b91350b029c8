/**
 * What registration needs from the outside, narrowly. The handler builds it once per container
 * (so the caches live as long as the container); tests and the benchmark build their own.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Platform } from '../../infra/platform';
import type { LakeIdentity } from '../shared/lake-buckets';
import type { RetryPolicy } from './backoff';
import type { CatalogApi } from './catalog-api';
import type { KnownPartitions } from './known-partitions';
import type { TableDefinitions } from './table-definitions';

/** The log levels registration writes at (a Powertools Logger, or anything shaped like it). */
export type RegistrationLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

/** The subset of Powertools Metrics registration uses. */
export interface RegistrationMetrics {
  addMetric(name: string, unit: Unit, value: number): void;
  singleMetric(): {
    addDimension(name: string, value: string): void;
    addMetric(name: string, unit: Unit, value: number): void;
  };
}

export interface RegistrationDependencies {
  readonly platform: Platform;
  /** Account and region of this deployment: only its lake buckets get partitions. */
  readonly lake: LakeIdentity;
  readonly catalog: CatalogApi;
  /** Partitions this container knows to exist. */
  readonly knownPartitions: KnownPartitions;
  /** Storage descriptors of the tables, read once per container. */
  readonly tableDefinitions: TableDefinitions;
  readonly retry: RetryPolicy;
  readonly logger: RegistrationLogger;
  readonly metrics: RegistrationMetrics;
}

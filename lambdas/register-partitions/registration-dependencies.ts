/**
 * What registration needs from the outside, narrowly. The handler builds it once per container
 * (so the caches live as long as the container); tests and the benchmark build their own.
 */
import type { Platform } from '../../infra/platform';
import type { LakeIdentity } from '../shared/lake-buckets';
import type { RetryPolicy } from '../shared/backoff';
import type { CatalogApi } from './catalog-api';
import type { KnownPartitions } from './known-partitions';
import type { TableDefinitions } from './table-definitions';
import type { LogPort, MetricsPort } from '../shared/ports';

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
  readonly logger: LogPort;
  readonly metrics: MetricsPort;
}

/**
 * What the transfer core needs from the outside, narrowly: created once per container by the
 * handler, replaced by local ones in tests and the local runner.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Platform } from '../../infra/platform';
import type { LakeIdentity } from '../shared/lake-buckets';
import type { AzureClients } from './adls-target';
import type { TransferConfig } from './config';
import type { PresignSource } from './source';
import type { Tracing } from './tracing';
import type { LogPort, MetricsPort } from '../shared/ports';

export type TransferSettings = Pick<
  TransferConfig,
  | 'copyMode'
  | 'mirrorDeletes'
  | 'presignExpirySeconds'
  | 'blockSizeMiB'
  | 'concurrency'
  | 'streamingBlockSizeMiB'
  | 'streamingConcurrency'
>;

export interface TransferDependencies {
  readonly platform: Platform;
  /** Account and region of this deployment: only its lake buckets are mirrored. */
  readonly lake: LakeIdentity;
  readonly config: TransferSettings;
  readonly s3: S3Client;
  /** The Azure clients; a function so the credential's secret is read once, on first use. */
  readonly azure: () => Promise<AzureClients>;
  /** @default presigned GET with the S3 client */
  readonly presign?: PresignSource;
  /** Largest object copied with one Put Blob From URL. @default 5000 MiB */
  readonly singleRequestMaxBytes?: number;
  readonly logger: LogPort;
  readonly metrics: MetricsPort;
  readonly tracing: Tracing;
  readonly now: () => Date;
}

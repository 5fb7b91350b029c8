/**
 * Lambda entry point: S3 object events (EventBridge → SQS) mirrored to ADLS Gen2. Thin: the
 * configuration, clients and observability are created once per container here, and every
 * decision lives in the modules it wires together.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import { loadPlatform } from '../../infra/platform';
import { loadLakeIdentity } from '../shared/lake-buckets';
import { createObservability } from '../shared/observability';
import type { AzureClients } from './adls-target';
import { createAzureClients } from './azure-clients';
import { createBatchHandler } from './batch';
import { loadTransferConfig } from './config';
import { powertoolsTracing } from './tracing';

const config = loadTransferConfig();
const lake = loadLakeIdentity();
const { logger, metrics, tracer } = createObservability('s3-to-adls');
const s3 = tracer.captureAWSv3Client(new S3Client({}));
const sts = tracer.captureAWSv3Client(new STSClient({}));
const secrets = tracer.captureAWSv3Client(new SecretsManagerClient({}));

// Built on first use, then kept: the secret (if any) is read once per container.
let azureClients: Promise<AzureClients> | undefined;
const azure = (): Promise<AzureClients> => {
  azureClients ??= createAzureClients(config, { sts, secrets }).catch((error: unknown) => {
    azureClients = undefined;
    throw error;
  });
  return azureClients;
};

export const handler = createBatchHandler({
  platform: loadPlatform(config.platformEnv),
  lake,
  config,
  s3,
  azure,
  logger,
  metrics,
  tracing: powertoolsTracing(tracer),
  now: () => new Date(),
  publishMetrics: () => metrics.publishStoredMetrics(),
});

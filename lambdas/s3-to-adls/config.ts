/**
 * The transfer function's configuration, read once at cold start from its environment. The CDK
 * ReplicationStack sets exactly these variables; nothing secret travels in them (secrets are
 * referenced by ARN and read from Secrets Manager).
 */
import { ConfigurationError, enumEnv, positiveIntEnv, requireEnv } from '../shared/env';

export const AUTH_MODES = ['federated', 'service-principal', 'shared-key'] as const;
export const COPY_MODES = ['server-side', 'streaming'] as const;
/** SigV4 query-string authentication accepts `X-Amz-Expires` from 1 to 604800 seconds. */
export const MAX_PRESIGN_EXPIRY_SECONDS = 604_800;

export interface TransferConfig {
  /** Platform environment whose definition decides what is mirrored (`PLATFORM_ENV`). */
  readonly platformEnv: string;
  /** Blob endpoint of the ADLS Gen2 account, e.g. https://<account>.blob.core.windows.net (`ADLS_ACCOUNT_URL`). */
  readonly accountUrl: string;
  /** How the function authenticates to Azure (`ADLS_AUTH_MODE`). @default 'federated' */
  readonly authMode: (typeof AUTH_MODES)[number];
  /** Entra tenant and the managed identity / app client id (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`). */
  readonly tenantId?: string;
  readonly clientId?: string;
  /** Audience of the STS web identity token (`AZURE_FEDERATION_AUDIENCE`). @default 'api://AzureADTokenExchange' */
  readonly federationAudience: string;
  /** Secrets Manager ARN of `{ "clientSecret": … }` (`AZURE_CLIENT_SECRET_ARN`), service-principal mode. */
  readonly clientSecretArn?: string;
  /** Secrets Manager ARN of `{ "accountName": …, "accountKey": … }` (`ADLS_SHARED_KEY_SECRET_ARN`), shared-key mode, local emulator only. */
  readonly sharedKeySecretArn?: string;
  /** Server-side copy (Azure pulls the bytes) or streaming through the function (`COPY_MODE`). @default 'server-side' */
  readonly copyMode: (typeof COPY_MODES)[number];
  /** Mirror S3 deletes to ADLS (`MIRROR_DELETES`). @default false */
  readonly mirrorDeletes: boolean;
  /** Lifetime of the presigned source URL, seconds, 1 to 604800 (`PRESIGN_EXPIRY_SECONDS`). @default 900 */
  readonly presignExpirySeconds: number;
  /** Block size for Put Block From URL, MiB (`BLOCK_SIZE_MIB`). @default 100 */
  readonly blockSizeMiB: number;
  /** Put Block From URL requests in flight at once (`COPY_CONCURRENCY`). @default 8 */
  readonly concurrency: number;
  /**
   * Bytes per ranged GET and Append Data of a streaming copy, MiB, at most 4000
   * (`STREAMING_BLOCK_SIZE_MIB`). @default `blockSizeMiB` (the ReplicationStack sets 4)
   */
  readonly streamingBlockSizeMiB: number;
  /**
   * Ranges (a GET piped into an Append Data) of a streaming copy in flight at once
   * (`STREAMING_CONCURRENCY`). @default `concurrency` (the ReplicationStack sets 16)
   */
  readonly streamingConcurrency: number;
}

export function loadTransferConfig(environment: NodeJS.ProcessEnv = process.env): TransferConfig {
  const authMode = enumEnv('ADLS_AUTH_MODE', AUTH_MODES, 'federated', environment);
  const blockSizeMiB = positiveIntEnv('BLOCK_SIZE_MIB', 100, environment);
  const concurrency = positiveIntEnv('COPY_CONCURRENCY', 8, environment);
  const optional = (name: string) => (environment[name] ? environment[name] : undefined);
  const config: TransferConfig = {
    platformEnv: requireEnv('PLATFORM_ENV', environment),
    accountUrl: requireEnv('ADLS_ACCOUNT_URL', environment),
    authMode,
    ...(optional('AZURE_TENANT_ID') && { tenantId: optional('AZURE_TENANT_ID') }),
    ...(optional('AZURE_CLIENT_ID') && { clientId: optional('AZURE_CLIENT_ID') }),
    federationAudience: optional('AZURE_FEDERATION_AUDIENCE') ?? 'api://AzureADTokenExchange',
    ...(optional('AZURE_CLIENT_SECRET_ARN') && {
      clientSecretArn: optional('AZURE_CLIENT_SECRET_ARN'),
    }),
    ...(optional('ADLS_SHARED_KEY_SECRET_ARN') && {
      sharedKeySecretArn: optional('ADLS_SHARED_KEY_SECRET_ARN'),
    }),
    copyMode: enumEnv('COPY_MODE', COPY_MODES, 'server-side', environment),
    mirrorDeletes:
      enumEnv('MIRROR_DELETES', ['true', 'false'] as const, 'false', environment) === 'true',
    presignExpirySeconds: positiveIntEnv('PRESIGN_EXPIRY_SECONDS', 900, environment),
    blockSizeMiB,
    concurrency,
    // Unset, a streaming copy cuts and parallelises as the server-side block copy does.
    streamingBlockSizeMiB: positiveIntEnv('STREAMING_BLOCK_SIZE_MIB', blockSizeMiB, environment),
    streamingConcurrency: positiveIntEnv('STREAMING_CONCURRENCY', concurrency, environment),
  };
  if (authMode !== 'shared-key' && (!config.tenantId || !config.clientId)) {
    throw new ConfigurationError(
      `ADLS_AUTH_MODE=${authMode} needs AZURE_TENANT_ID and AZURE_CLIENT_ID`,
    );
  }
  if (authMode === 'service-principal' && !config.clientSecretArn) {
    throw new ConfigurationError('ADLS_AUTH_MODE=service-principal needs AZURE_CLIENT_SECRET_ARN');
  }
  if (authMode === 'shared-key') {
    if (!config.sharedKeySecretArn)
      throw new ConfigurationError('ADLS_AUTH_MODE=shared-key needs ADLS_SHARED_KEY_SECRET_ARN');
    // Shared Key is disabled on the deployed account
    // (docs/architecture.md#cross-cloud-identity-without-secrets); it exists for the local
    // emulator.
    if (!/^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(config.accountUrl)) {
      throw new ConfigurationError(
        'ADLS_AUTH_MODE=shared-key is only allowed against the local emulator',
      );
    }
  }
  if (config.presignExpirySeconds > MAX_PRESIGN_EXPIRY_SECONDS) {
    // The signer refuses a longer lifetime on every record; refuse it once, at start.
    throw new ConfigurationError(
      `PRESIGN_EXPIRY_SECONDS must be at most ${MAX_PRESIGN_EXPIRY_SECONDS} (7 days, the SigV4 presigned URL limit); got ${config.presignExpirySeconds}`,
    );
  }
  if (config.blockSizeMiB > 4000)
    throw new ConfigurationError('BLOCK_SIZE_MIB must be at most 4000 (Put Block From URL limit)');
  if (config.streamingBlockSizeMiB > 4000)
    throw new ConfigurationError(
      'STREAMING_BLOCK_SIZE_MIB must be at most 4000 (Append Data limit); unset, it is BLOCK_SIZE_MIB',
    );
  return config;
}

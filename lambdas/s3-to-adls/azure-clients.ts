/**
 * The one place that builds the Azure credential and the storage clients, by ADLS_AUTH_MODE:
 * - federated: an STS GetWebIdentityToken JWT is the client assertion of a managed identity's
 *   federated credential (no secret anywhere);
 * - service-principal: a client secret read once from Secrets Manager (documented fallback);
 * - shared-key: the account key from Secrets Manager (local emulator only; config enforces it).
 * `options` lets the local runner and tests route the SDKs to the emulator (localAzureTransport)
 * without this module knowing about it.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetWebIdentityTokenCommand, type STSClient } from '@aws-sdk/client-sts';
import {
  ClientAssertionCredential,
  ClientSecretCredential,
  type TokenCredential,
  type TokenCredentialOptions,
} from '@azure/identity';
import {
  BlobServiceClient,
  StorageSharedKeyCredential,
  type StoragePipelineOptions,
} from '@azure/storage-blob';
import {
  DataLakeServiceClient,
  StorageSharedKeyCredential as DataLakeSharedKeyCredential,
  type DataLakeServiceClientOptions,
} from '@azure/storage-file-datalake';
import { ConfigurationError } from '../shared/env';
import type { AzureClients } from './adls-target';
import type { TransferConfig } from './config';

export interface AzureClientOptions {
  /** Storage URL to use instead of `config.accountUrl` (the local https-over-http transport). */
  readonly accountUrl?: string;
  /** Passed to the @azure/identity credential (authorityHost, agent, retries). */
  readonly credentialOptions?: TokenCredentialOptions & { readonly agent?: unknown };
  /** Passed to both storage clients (retryOptions, agent, user agent). */
  readonly storageOptions?: StoragePipelineOptions & { readonly agent?: unknown };
}

export interface AzureAuthDependencies {
  readonly sts: STSClient;
  readonly secrets: SecretsManagerClient;
}

type AuthConfig = Pick<
  TransferConfig,
  | 'accountUrl'
  | 'authMode'
  | 'tenantId'
  | 'clientId'
  | 'federationAudience'
  | 'clientSecretArn'
  | 'sharedKeySecretArn'
>;

async function secretJson(
  secrets: SecretsManagerClient,
  arn: string,
): Promise<Record<string, unknown>> {
  const value = await secrets.send(new GetSecretValueCommand({ SecretId: arn }));
  try {
    return JSON.parse(value.SecretString ?? '') as Record<string, unknown>;
  } catch (cause) {
    // The value itself is never part of the message.
    throw new ConfigurationError(`Secret ${arn} is not a JSON object`, { cause });
  }
}

function requiredString(json: Record<string, unknown>, field: string, arn: string): string {
  const value = json[field];
  if (typeof value !== 'string' || value === '')
    throw new ConfigurationError(`Secret ${arn} has no "${field}" string`);
  return value;
}

/** A token credential, or the account key (each storage package needs its own key credential). */
export type AzureCredential =
  | { readonly kind: 'token'; readonly credential: TokenCredential }
  | { readonly kind: 'shared-key'; readonly accountName: string; readonly accountKey: string };

export async function createCredential(
  config: AuthConfig,
  deps: AzureAuthDependencies,
  options: AzureClientOptions = {},
): Promise<AzureCredential> {
  const credentialOptions = (options.credentialOptions ?? {}) as TokenCredentialOptions;
  switch (config.authMode) {
    case 'federated': {
      const getAssertion = async (): Promise<string> => {
        const result = await deps.sts.send(
          new GetWebIdentityTokenCommand({
            Audience: [config.federationAudience],
            SigningAlgorithm: 'RS256',
          }),
        );
        if (!result.WebIdentityToken) throw new Error('STS returned no web identity token');
        return result.WebIdentityToken;
      };
      return {
        kind: 'token',
        credential: new ClientAssertionCredential(
          config.tenantId ?? '',
          config.clientId ?? '',
          getAssertion,
          credentialOptions,
        ),
      };
    }
    case 'service-principal': {
      const arn = config.clientSecretArn ?? '';
      const secret = requiredString(await secretJson(deps.secrets, arn), 'clientSecret', arn);
      return {
        kind: 'token',
        credential: new ClientSecretCredential(
          config.tenantId ?? '',
          config.clientId ?? '',
          secret,
          credentialOptions,
        ),
      };
    }
    case 'shared-key': {
      const arn = config.sharedKeySecretArn ?? '';
      const json = await secretJson(deps.secrets, arn);
      return {
        kind: 'shared-key',
        accountName: requiredString(json, 'accountName', arn),
        accountKey: requiredString(json, 'accountKey', arn),
      };
    }
  }
}

/** Builds the credential (reading its secret once) and the Blob and DFS clients on it. */
export async function createAzureClients(
  config: AuthConfig,
  deps: AzureAuthDependencies,
  options: AzureClientOptions = {},
): Promise<AzureClients> {
  const resolved = await createCredential(config, deps, options);
  const url = options.accountUrl ?? config.accountUrl;
  const blobOptions = (options.storageOptions ?? {}) as StoragePipelineOptions;
  const dataLakeOptions = (options.storageOptions ?? {}) as DataLakeServiceClientOptions;
  const [blobCredential, dataLakeCredential] =
    resolved.kind === 'token'
      ? [resolved.credential, resolved.credential]
      : [
          new StorageSharedKeyCredential(resolved.accountName, resolved.accountKey),
          new DataLakeSharedKeyCredential(resolved.accountName, resolved.accountKey),
        ];
  return {
    blobs: new BlobServiceClient(url, blobCredential, blobOptions),
    // The DataLake client derives the .dfs. host from the .blob. one (and back) by itself.
    dataLake: new DataLakeServiceClient(url, dataLakeCredential, dataLakeOptions),
  };
}

/**
 * The SDK clients the CLI uses when none are injected. Azure: a connection string (the local
 * emulator's Shared Key; the deployed account disallows shared keys) or, in the cloud,
 * DefaultAzureCredential against `--account-url` / `ADLS_ACCOUNT_URL`.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { DefaultAzureCredential } from '@azure/identity';
import { BlobServiceClient } from '@azure/storage-blob';
import { ReconcileConfigError } from './errors';

/** A custom endpoint means an emulator, reached by IP: virtual-hosted bucket names would not resolve. */
export function defaultAwsClients(env: NodeJS.ProcessEnv): { s3: S3Client; sts: STSClient } {
  const forcePathStyle = (env.AWS_ENDPOINT_URL ?? '') !== '';
  return { s3: new S3Client({ forcePathStyle }), sts: new STSClient({}) };
}

export function defaultBlobService(
  accountUrl: string | undefined,
  env: NodeJS.ProcessEnv,
): BlobServiceClient {
  const connectionString = env.AZURE_STORAGE_CONNECTION_STRING;
  if (connectionString !== undefined && connectionString !== '') {
    const service = BlobServiceClient.fromConnectionString(connectionString);
    if (accountUrl !== undefined && sameUrl(accountUrl, service.url) === false) {
      throw new ReconcileConfigError(
        `the account URL ${accountUrl} and AZURE_STORAGE_CONNECTION_STRING (${service.url}) name different accounts; unset one`,
      );
    }
    return service;
  }
  if (accountUrl === undefined) {
    throw new ReconcileConfigError(
      'no ADLS account: pass --account-url or set ADLS_ACCOUNT_URL (or AZURE_STORAGE_CONNECTION_STRING for the local emulator)',
    );
  }
  let url: URL;
  try {
    url = new URL(accountUrl);
  } catch (error) {
    throw new ReconcileConfigError(`the ADLS account URL "${accountUrl}" is not a URL`, {
      cause: error,
    });
  }
  if (url.protocol !== 'https:') {
    throw new ReconcileConfigError(`the ADLS account URL must use https (got ${accountUrl})`);
  }
  return new BlobServiceClient(accountUrl, new DefaultAzureCredential());
}

function sameUrl(a: string, b: string): boolean {
  return a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

import { ClientAssertionCredential, type TokenCredential } from '@azure/identity';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import type { LocalCloud } from '../../../scripts/localcloud/server';
import { localAzureTransport } from '../../../scripts/localcloud/azure/identity';

/** The transfer Lambda's role, and the managed identity Azure trusts it as. */
export const ROLE_ARN = 'arn:aws:iam::000000000000:role/s3-to-adls-transfer';
export const ROLE_SESSION = 'arn:aws:sts::000000000000:assumed-role/s3-to-adls-transfer/run-1';
export const CLIENT_ID = '5b0e9c1e-2f7a-4d3b-8a61-0c9d2e4f6a10';
export const PRINCIPAL_ID = 'c7d41f2a-93b8-4e05-a6f1-2b8e7d0c5a39';
export const EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
export const STORAGE_SCOPE = 'https://storage.azure.com/.default';

/** What the Pulumi program creates: identity, federated credential, and one role assignment. */
export function trustTransferRole(
  cloud: LocalCloud,
  role:
    | 'Storage Blob Data Contributor'
    | 'Storage Blob Data Reader'
    | 'Storage Blob Data Owner' = 'Storage Blob Data Contributor',
  /** null: the whole storage account. */
  container: string | null = 'raw',
): void {
  const identity = cloud.azure.identity;
  identity.addManagedIdentity({ clientId: CLIENT_ID, principalId: PRINCIPAL_ID, name: 'transfer' });
  identity.addFederatedCredential({
    clientId: CLIENT_ID,
    issuer: cloud.services.sts.issuer(),
    subject: ROLE_ARN,
    audiences: [EXCHANGE_AUDIENCE],
  });
  identity.assignRole({ principalId: PRINCIPAL_ID, role, container: container ?? undefined });
}

/** A JWT from the emulated AWS STS, as the Lambda's role obtains it. */
export async function stsAssertion(
  cloud: LocalCloud,
  options: { algorithm?: 'RS256' | 'ES384'; audience?: string; durationSeconds?: number } = {},
): Promise<string> {
  cloud.services.sts.actAs('test', ROLE_SESSION);
  const result = await new STSClient(cloud.clientConfig).send(
    new GetWebIdentityTokenCommand({
      Audience: [options.audience ?? EXCHANGE_AUDIENCE],
      SigningAlgorithm: options.algorithm ?? 'RS256',
      DurationSeconds: options.durationSeconds ?? 300,
    }),
  );
  return result.WebIdentityToken!;
}

export function federatedCredential(
  cloud: LocalCloud,
  getAssertion: () => Promise<string> = () => stsAssertion(cloud),
): ClientAssertionCredential {
  const local = localAzureTransport(cloud.azure.endpoint);
  return new ClientAssertionCredential(cloud.azure.identity.tenantId, CLIENT_ID, getAssertion, {
    authorityHost: local.authorityHost,
    agent: local.agent,
  });
}

/** A BlobServiceClient authenticating with Entra ID tokens from the local token endpoint. */
export function bearerBlobClient(
  cloud: LocalCloud,
  credential: TokenCredential = federatedCredential(cloud),
): BlobServiceClient {
  const local = localAzureTransport(cloud.azure.endpoint);
  return new BlobServiceClient(local.storageEndpoint, credential, local.storageOptions);
}

export function sharedKeyBlobClient(cloud: LocalCloud): BlobServiceClient {
  return new BlobServiceClient(
    cloud.azure.endpoint,
    new StorageSharedKeyCredential(cloud.azure.accountName, cloud.azure.accountKey),
  );
}

/** POSTs a client-credentials request to the local token endpoint directly (no MSAL). */
export async function requestToken(
  cloud: LocalCloud,
  form: Record<string, string>,
  tenantId = cloud.azure.identity.tenantId,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const origin = new URL(cloud.azure.endpoint).origin;
  const response = await fetch(`${origin}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export function tokenForm(assertion: string, overrides: Record<string, string> = {}) {
  return {
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    scope: STORAGE_SCOPE,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: assertion,
    ...overrides,
  };
}

import {
  ClientAssertionCredential,
  ClientSecretCredential,
  type TokenCredential,
} from '@azure/identity';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { GetWebIdentityTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { type LocalCloud, localAzureTransport } from '@hybrid-lake/localcloud';

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

/** The app registration the transfer uses in service-principal mode, and its secret. */
export const APP_CLIENT_ID = '2d7f4a90-1c3b-4e86-b5d2-9f0a6c1e8b37';
export const APP_PRINCIPAL_ID = '6b1e8c3d-0f2a-4d79-a4e5-3c9b7d2f1e06';
export const APP_SECRET = 'local~Q8r.k2Vx7mZp4TnWc9Hs3Lb6Yd1Fg5Jq0Ae';

/**
 * What the Pulumi program creates for service-principal mode: app registration, service
 * principal, one client secret and one role assignment (none when `role` is null).
 */
export function registerTransferApp(
  cloud: LocalCloud,
  options: {
    role?: 'Storage Blob Data Contributor' | 'Storage Blob Data Reader' | null;
    container?: string;
    secretExpiresAt?: Date;
  } = {},
): { keyId: string } {
  const identity = cloud.azure.identity;
  identity.addServicePrincipal({
    clientId: APP_CLIENT_ID,
    principalId: APP_PRINCIPAL_ID,
    name: 'hybrid-lake-transfer',
  });
  const added = identity.addClientSecret(APP_CLIENT_ID, {
    value: APP_SECRET,
    ...(options.secretExpiresAt !== undefined && { expiresAt: options.secretExpiresAt }),
  });
  const role = options.role === undefined ? 'Storage Blob Data Contributor' : options.role;
  if (role !== null)
    identity.assignRole({
      principalId: APP_PRINCIPAL_ID,
      role,
      container: options.container ?? 'raw',
    });
  return added;
}

/** The real @azure/identity ClientSecretCredential, pointed at the local token endpoint. */
export function secretCredential(
  cloud: LocalCloud,
  secret: string = APP_SECRET,
  clientId: string = APP_CLIENT_ID,
): ClientSecretCredential {
  const local = localAzureTransport(cloud.azure.endpoint);
  return new ClientSecretCredential(cloud.azure.identity.tenantId, clientId, secret, {
    authorityHost: local.authorityHost,
    agent: local.agent,
  });
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

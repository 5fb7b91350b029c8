/**
 * localcloud's identity side of Azure: a local Entra ID that exchanges a federated assertion
 * (a JWT from the emulated AWS STS GetWebIdentityToken) or a service principal's client secret
 * for a storage access token, the managed identities / federated credentials / app
 * registrations / client secrets / role assignments the Pulumi program creates, and the storage
 * endpoint's bearer-token and SAS verification. See README.md.
 */
import { DEV_ACCOUNT_NAME } from '../account';
import type { AzureIdentity } from '../server';
import { verifyAccessToken } from './access-token';
import { Directory, type FederatedCredential, type RoleAssignment } from './directory';
import { RsaSigningKey } from './jwt';
import { verifySas } from './sas';
import { handleEntraRoute } from './token-endpoint';
import type { ClientSecret, ManagedIdentity, ServicePrincipal } from './principals';

export { localAzureTransport, PlainTcpAgent, type LocalAzureTransport } from './transport';
export { STORAGE_ROLES, type StorageRole } from './directory';
export type { ClientSecret } from './principals';

/** The tenant the local Entra ID serves (token requests to another one answer AADSTS90002). */
export const LOCAL_TENANT_ID = '8e1f1d4b-6a2c-4f0e-9b7d-3c5a2e9f1a60';

export interface IdentityOptions {
  /** The emulator clock: token lifetimes and assertion expiry are judged against it. */
  readonly now: () => Date;
  /** @default LOCAL_TENANT_ID */
  readonly tenantId?: string;
}

export interface LocalIdentity extends AzureIdentity {
  readonly tenantId: string;
  /** A user-assigned managed identity (Pulumi: `azure-native.managedidentity.UserAssignedIdentity`). */
  addManagedIdentity(identity: ManagedIdentity): void;
  /** Pulumi: `FederatedIdentityCredential` on that identity; the identity must exist. */
  addFederatedCredential(credential: FederatedCredential): void;
  /** An app registration and its service principal (Pulumi: azuread `Application` + `ServicePrincipal`). */
  addServicePrincipal(servicePrincipal: Omit<ServicePrincipal, 'kind'>): void;
  /**
   * Pulumi: azuread `ApplicationPassword` on that app; the app must exist. Only a digest of the
   * value is kept. Returns the secret's id (which is not the secret).
   */
  addClientSecret(clientId: string, secret: ClientSecret): { readonly keyId: string };
  /** Pulumi: `authorization.RoleAssignment` scoped to a container, or the account without one. */
  assignRole(assignment: RoleAssignment): void;
}

export function createIdentity(options: IdentityOptions): LocalIdentity {
  const tenantId = options.tenantId ?? LOCAL_TENANT_ID;
  const directory = new Directory();
  // Made once per emulator and kept across reset(), as the AWS issuer keeps its keys.
  const key = new RsaSigningKey();
  return {
    tenantId,
    addManagedIdentity: (identity) => directory.addManagedIdentity(identity),
    addFederatedCredential: (credential) => directory.addFederatedCredential(credential),
    addServicePrincipal: (servicePrincipal) => directory.addServicePrincipal(servicePrincipal),
    addClientSecret: (clientId, secret) => directory.addClientSecret(clientId, secret),
    assignRole: (assignment) => directory.assignRole(assignment),
    verifySas,
    verifyBearer: (token, now) => verifyAccessToken(token, key, tenantId, DEV_ACCOUNT_NAME, now),
    authorizeBearer: (principalId, container, permission) =>
      directory.allows(principalId, container, permission),
    handlePublic: (request) =>
      handleEntraRoute(request, {
        tenantId,
        accountName: DEV_ACCOUNT_NAME,
        directory,
        key,
        now: options.now,
      }),
    reset: () => directory.reset(),
  };
}

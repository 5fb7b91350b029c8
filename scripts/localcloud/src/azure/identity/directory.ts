/**
 * What the Pulumi program creates in Entra ID and Azure RBAC, held in memory: user-assigned
 * managed identities and their federated identity credentials, app registrations (service
 * principals) and their client secrets, and data-plane role assignments scoped to one
 * container (file system) or to the whole storage account.
 */
import { randomUUID } from 'node:crypto';
import type { Permission } from '../auth';
import { secretDigest } from './client-secret';
import type {
  ClientSecret,
  Principal,
  ServicePrincipal,
  StoredClientSecret,
  ManagedIdentity,
} from './principals';

export interface FederatedCredential {
  readonly clientId: string;
  readonly issuer: string;
  readonly subject: string;
  readonly audiences: readonly string[];
  /** @default `${issuer}|${subject}` */
  readonly name?: string;
}

export const STORAGE_ROLES = [
  'Storage Blob Data Reader',
  'Storage Blob Data Contributor',
  'Storage Blob Data Owner',
] as const;
export type StorageRole = (typeof STORAGE_ROLES)[number];

export interface RoleAssignment {
  readonly principalId: string;
  readonly role: StorageRole;
  /** The container (file system) the assignment is scoped to; undefined = the whole account. */
  readonly container?: string;
}

/**
 * SAS-letter view of each role's data actions: Reader reads and lists; Contributor also writes,
 * deletes and moves (rename); Owner additionally manages ACLs and ownership, so every letter.
 */
const ROLE_PERMISSIONS: Readonly<Record<StorageRole, readonly Permission[]>> = {
  'Storage Blob Data Reader': ['r', 'l'],
  'Storage Blob Data Contributor': ['r', 'a', 'c', 'w', 'd', 'l', 'm'],
  'Storage Blob Data Owner': ['r', 'a', 'c', 'w', 'd', 'l', 'm'],
};

export class Directory {
  private readonly principals = new Map<string, Principal>();
  private credentials: FederatedCredential[] = [];
  private readonly secrets = new Map<string, StoredClientSecret[]>();
  private assignments: RoleAssignment[] = [];

  addManagedIdentity(identity: ManagedIdentity): void {
    this.replacePrincipal({ ...identity, kind: 'managed-identity' });
  }

  addServicePrincipal(servicePrincipal: Omit<ServicePrincipal, 'kind'>): void {
    this.replacePrincipal({ ...servicePrincipal, kind: 'service-principal' });
  }

  /** The managed identity or service principal with this client id. */
  principal(clientId: string): Principal | undefined {
    return this.principals.get(clientId);
  }

  /**
   * Adds a secret to an app registration (several may be valid at once, for rotation) and
   * returns its id. Managed identities have no secrets.
   */
  addClientSecret(clientId: string, secret: ClientSecret): { readonly keyId: string } {
    const principal = this.principals.get(clientId);
    if (principal?.kind !== 'service-principal')
      throw new Error(
        principal
          ? `${clientId} is a managed identity: managed identities have no client secrets`
          : `no service principal with client id ${clientId}: add it first`,
      );
    if (secret.value === '') throw new Error('a client secret cannot be empty');
    const stored: StoredClientSecret = {
      keyId: randomUUID(),
      digest: secretDigest(secret.value),
      ...(secret.expiresAt !== undefined && { expiresAt: secret.expiresAt }),
    };
    this.secrets.set(clientId, [...(this.secrets.get(clientId) ?? []), stored]);
    return { keyId: stored.keyId };
  }

  clientSecrets(clientId: string): readonly StoredClientSecret[] {
    return this.secrets.get(clientId) ?? [];
  }

  addFederatedCredential(credential: FederatedCredential): void {
    if (this.principals.get(credential.clientId)?.kind !== 'managed-identity')
      throw new Error(`no managed identity with client id ${credential.clientId}: add it first`);
    // Entra allows one issuer+subject pair per identity; a second one replaces the first here.
    this.credentials = this.credentials.filter(
      (existing) =>
        !(
          existing.clientId === credential.clientId &&
          existing.issuer === credential.issuer &&
          existing.subject === credential.subject
        ),
    );
    this.credentials.push(credential);
  }

  federatedCredentials(clientId: string): readonly FederatedCredential[] {
    return this.credentials.filter((credential) => credential.clientId === clientId);
  }

  assignRole(assignment: RoleAssignment): void {
    if (!(STORAGE_ROLES as readonly string[]).includes(assignment.role))
      throw new Error(
        `unsupported role ${assignment.role}; use one of ${STORAGE_ROLES.join(', ')}`,
      );
    this.assignments.push(assignment);
  }

  /** Whether any assignment of the principal, on this container or the account, allows it. */
  allows(principalId: string, container: string, permission: Permission): boolean {
    return this.assignments.some(
      (assignment) =>
        assignment.principalId === principalId &&
        (assignment.container === undefined || assignment.container === container) &&
        ROLE_PERMISSIONS[assignment.role].includes(permission),
    );
  }

  reset(): void {
    this.principals.clear();
    this.credentials = [];
    this.secrets.clear();
    this.assignments = [];
  }

  /** A client id names one principal: re-adding it drops what belonged to the previous one. */
  private replacePrincipal(principal: Principal): void {
    const previous = this.principals.get(principal.clientId);
    if (previous && previous.kind !== principal.kind) {
      this.credentials = this.credentials.filter((each) => each.clientId !== principal.clientId);
      this.secrets.delete(principal.clientId);
    }
    this.principals.set(principal.clientId, principal);
  }
}

/**
 * What the Pulumi program creates in Entra ID and Azure RBAC, held in memory: user-assigned
 * managed identities, their federated identity credentials, and data-plane role assignments
 * scoped to one container (file system) or to the whole storage account.
 */
import type { Permission } from '../auth';

export interface ManagedIdentity {
  /** The application (client) id a token request names. */
  readonly clientId: string;
  /** The service principal's object id: `oid` of its tokens, target of role assignments. */
  readonly principalId: string;
  readonly name: string;
}

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
  private readonly identities = new Map<string, ManagedIdentity>();
  private credentials: FederatedCredential[] = [];
  private assignments: RoleAssignment[] = [];

  addManagedIdentity(identity: ManagedIdentity): void {
    this.identities.set(identity.clientId, identity);
  }

  identity(clientId: string): ManagedIdentity | undefined {
    return this.identities.get(clientId);
  }

  addFederatedCredential(credential: FederatedCredential): void {
    if (!this.identities.has(credential.clientId))
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
    this.identities.clear();
    this.credentials = [];
    this.assignments = [];
  }
}

/** Who signs in to the local Entra ID, and what it keeps of their client secrets. */

export interface ManagedIdentity {
  readonly kind?: 'managed-identity';
  /** The application (client) id a token request names. */
  readonly clientId: string;
  /** The service principal's object id: `oid` of its tokens, target of role assignments. */
  readonly principalId: string;
  readonly name: string;
}

/** An app registration and its service principal in the tenant: it signs in with a secret. */
export interface ServicePrincipal {
  readonly kind: 'service-principal';
  /** The application (client) id. */
  readonly clientId: string;
  /** The service principal's object id: `oid` of its tokens, target of role assignments. */
  readonly principalId: string;
  /** The app registration's display name. */
  readonly name: string;
}

/** Whoever a token request's `client_id` names. */
export type Principal = ManagedIdentity | ServicePrincipal;

export interface ClientSecret {
  /** The secret value a client sends as `client_secret` (Entra shows it once, at creation). */
  readonly value: string;
  /** After this instant, on the emulator clock, the secret is refused (AADSTS7000222). */
  readonly expiresAt?: Date;
}

/**
 * What the directory keeps of a client secret: its id and a SHA-256 digest, never the value,
 * so nothing here (state, errors, logs) can reveal it.
 */
export interface StoredClientSecret {
  /** The secret's id (`keyId` in Entra's passwordCredentials), not usable as the secret. */
  readonly keyId: string;
  readonly digest: Buffer;
  readonly expiresAt?: Date;
}

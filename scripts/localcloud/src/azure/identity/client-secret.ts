/**
 * Client secrets of app registrations: kept as SHA-256 digests and compared in constant time,
 * so neither the stored state nor the time an answer takes tells anything about a secret.
 * The answers are Entra's: a value matching no secret of the app is AADSTS7000215, a value
 * matching only expired secrets AADSTS7000222. No message names the value presented.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { EntraError } from './entra-error';
import type { ServicePrincipal, StoredClientSecret } from './principals';

export function secretDigest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function verifyClientSecret(
  presented: string,
  app: ServicePrincipal,
  secrets: readonly StoredClientSecret[],
  now: Date,
): void {
  const digest = secretDigest(presented);
  // Every stored secret is compared, so the time taken does not say which one (if any) matched.
  const matches = secrets.filter((secret) => timingSafeEqual(secret.digest, digest));
  if (matches.length === 0) {
    throw new EntraError(
      7000215,
      'invalid_client',
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  if (!matches.some((secret) => isCurrent(secret, now))) {
    throw new EntraError(
      7000222,
      'invalid_client',
      `The provided client secret keys for app '${app.clientId}' are expired.`,
    );
  }
}

function isCurrent(secret: StoredClientSecret, now: Date): boolean {
  return secret.expiresAt === undefined || now.getTime() < secret.expiresAt.getTime();
}

/**
 * Verifies a federated client assertion the way Entra ID does for workload identity
 * federation: the JWT's issuer must be one a federated identity credential of the identity
 * names; its signing keys are fetched over HTTP from the issuer's OIDC discovery document and
 * JWKS; then lifetime, audience and subject are checked against the credential.
 */
import type { FederatedCredential } from './directory';
import { EntraError } from './entra-error';
import { audiences, decodeJwt, numericDate, verifySignature, type PublicJwk } from './jwt';
import type { Principal } from './principals';

const FEDERATION_DOCS =
  'https://learn.microsoft.com/entra/workload-id/workload-identity-federation';

export async function verifyClientAssertion(
  assertion: string,
  identity: Principal,
  credentials: readonly FederatedCredential[],
  now: Date,
): Promise<void> {
  const jwt = decodeJwt(assertion);
  if (!jwt) throw new EntraError(50027, 'invalid_request', 'JWT token is invalid or malformed.');
  const issuer = typeof jwt.claims.iss === 'string' ? jwt.claims.iss : '';
  const subject = typeof jwt.claims.sub === 'string' ? jwt.claims.sub : '';
  const presented = audiences(jwt.claims);
  if (credentials.length === 0) {
    throw new EntraError(
      70021,
      'invalid_request',
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${issuer}'. Assertion Subject: '${subject}'. Assertion Audience: '${presented.join(',')}'. ${FEDERATION_DOCS}`,
    );
  }
  const byIssuer = credentials.filter((credential) => credential.issuer === issuer);
  if (byIssuer.length === 0) {
    throw new EntraError(
      700211,
      'invalid_client',
      `No matching federated identity record found for presented assertion issuer '${issuer}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`,
    );
  }

  await verifyWithIssuerKeys(jwt, issuer, identity);

  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = numericDate(jwt.claims, 'exp');
  const nbf = numericDate(jwt.claims, 'nbf') ?? numericDate(jwt.claims, 'iat');
  if (exp === undefined || nowSeconds >= exp || (nbf !== undefined && nowSeconds < nbf)) {
    throw new EntraError(
      700024,
      'invalid_client',
      `Client assertion is not within its valid time range. Current time: ${entraTime(now)}, assertion valid from ${entraTime(new Date((nbf ?? 0) * 1000))}, expiry time of assertion ${entraTime(new Date((exp ?? 0) * 1000))}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    );
  }

  const byAudience = byIssuer.filter((credential) =>
    credential.audiences.some((audience) => presented.includes(audience)),
  );
  if (byAudience.length === 0) {
    throw new EntraError(
      700212,
      'invalid_client',
      `No matching federated identity record found for presented assertion audience '${presented.join(',')}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`,
    );
  }
  // Subjects match case-sensitively, as Entra does since 2025.
  if (!byAudience.some((credential) => credential.subject === subject)) {
    throw new EntraError(
      700213,
      'invalid_client',
      `No matching federated identity record found for presented assertion subject '${subject}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FEDERATION_DOCS}`,
    );
  }
}

async function verifyWithIssuerKeys(
  jwt: NonNullable<ReturnType<typeof decodeJwt>>,
  issuer: string,
  identity: Principal,
): Promise<void> {
  const keys = await fetchIssuerKeys(issuer);
  const kid = jwt.header.kid;
  const candidates = keys.filter((key) => kid === undefined || key.kid === kid);
  if (candidates.length === 0) {
    throw new EntraError(
      700027,
      'invalid_client',
      `Client assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${String(kid)}', Please visit the issuer's JWKS for app Id '${identity.clientId}'.]`,
    );
  }
  if (!candidates.some((key) => verifySignature(jwt, key))) {
    throw new EntraError(
      700027,
      'invalid_client',
      `Client assertion failed signature validation. [Reason - The provided signature value did not match the expected signature value., Thumbprint of key used by client: '${String(kid)}']`,
    );
  }
}

/** `<issuer>/.well-known/openid-configuration` → `jwks_uri` → keys, fetched as Entra does. */
async function fetchIssuerKeys(issuer: string): Promise<PublicJwk[]> {
  const unreachable = (reason: string) =>
    new EntraError(
      50166,
      'invalid_request',
      `Request to External OIDC endpoint failed. Issuer '${issuer}': ${reason}`,
    );
  let discovery: unknown;
  try {
    const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
    if (!response.ok) throw unreachable(`discovery document answered ${response.status}`);
    discovery = await response.json();
  } catch (error) {
    if (error instanceof EntraError) throw error;
    throw unreachable(`discovery document unreachable (${(error as Error).message})`);
  }
  const jwksUri = (discovery as { jwks_uri?: unknown } | null)?.jwks_uri;
  if (typeof jwksUri !== 'string') throw unreachable('discovery document has no jwks_uri');
  try {
    const response = await fetch(jwksUri);
    if (!response.ok) throw unreachable(`JWKS answered ${response.status}`);
    const jwks = (await response.json()) as { keys?: unknown } | null;
    return Array.isArray(jwks?.keys) ? (jwks.keys as PublicJwk[]) : [];
  } catch (error) {
    if (error instanceof EntraError) throw error;
    throw unreachable(`JWKS unreachable (${(error as Error).message})`);
  }
}

/** Entra writes times in these messages as `2024-10-02T22:05:03.6755165Z` (7 fraction digits). */
function entraTime(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/**
 * How the token endpoint authenticates the client a request names: a service principal with
 * a client secret in the form body (client_secret_post, what MSAL sends for
 * ClientSecretCredential), or any principal with a federated client assertion. A managed
 * identity has no secret, so a `client_secret` alone is refused for it (AADSTS7000218).
 */
import { verifyClientAssertion } from './client-assertion';
import { verifyClientSecret } from './client-secret';
import type { Directory } from './directory';
import { EntraError } from './entra-error';
import type { Principal } from './principals';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Which credential the client proved itself with: it decides the token's `appidacr`. */
export type ClientAuthentication = 'client-secret' | 'federated-assertion';

export async function authenticateClient(
  form: URLSearchParams,
  principal: Principal,
  directory: Directory,
  now: Date,
): Promise<ClientAuthentication> {
  const secret = nonEmpty(form.get('client_secret'));
  if (principal.kind === 'service-principal' && secret !== undefined) {
    verifyClientSecret(secret, principal, directory.clientSecrets(principal.clientId), now);
    return 'client-secret';
  }
  const assertion =
    form.get('client_assertion_type') === JWT_BEARER
      ? nonEmpty(form.get('client_assertion'))
      : undefined;
  if (assertion === undefined) {
    throw new EntraError(
      7000218,
      'invalid_client',
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  await verifyClientAssertion(
    assertion,
    principal,
    directory.federatedCredentials(principal.clientId),
    now,
  );
  return 'federated-assertion';
}

function nonEmpty(value: string | null): string | undefined {
  return value === null || value === '' ? undefined : value;
}

/**
 * The local Entra ID's access tokens for Azure Storage, in the shape Entra issues them to a
 * managed identity or a service principal (v1.0 claims: `iss` https://sts.windows.net/<tenant>/,
 * `oid`, `appid`, `tid`…), signed RS256 with a key made at startup; and their verification by
 * the storage endpoint (signature, issuer, audience, lifetime).
 */
import { randomUUID } from 'node:crypto';
import { AzureError } from '../azure-error';
import type { AzureAuth } from '../auth';
import type { ClientAuthentication } from './client-authentication';
import { audiences, decodeJwt, numericDate, verifySignature, type RsaSigningKey } from './jwt';
import type { Principal } from './principals';

/** How long issued tokens live, in seconds, as Entra answers managed identities by default. */
export const TOKEN_LIFETIME_SECONDS = 3599;
export const STORAGE_RESOURCE = 'https://storage.azure.com';

export function tokenIssuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function issueAccessToken(
  key: RsaSigningKey,
  tenantId: string,
  identity: Principal,
  resource: string,
  now: Date,
  authentication: ClientAuthentication = 'federated-assertion',
): string {
  const iat = Math.floor(now.getTime() / 1000);
  return key.sign({
    aud: resource,
    iss: tokenIssuer(tenantId),
    iat,
    nbf: iat,
    exp: iat + TOKEN_LIFETIME_SECONDS,
    appid: identity.clientId,
    // How the app authenticated, as Entra records it: 1 = client secret, 2 = assertion/certificate.
    appidacr: authentication === 'client-secret' ? '1' : '2',
    idp: tokenIssuer(tenantId),
    oid: identity.principalId,
    sub: identity.principalId,
    tid: tenantId,
    uti: randomUUID().replace(/-/g, ''),
    ver: '1.0',
    // Only managed identities carry their Azure resource id; app registrations have none.
    ...(identity.kind !== 'service-principal' && {
      xms_mirid: `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/localcloud/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${identity.name}`,
    }),
  });
}

/**
 * Storage accepts the storage resource (with or without a trailing slash) and the account's
 * own service URLs as audiences.
 */
export function storageAudiences(accountName: string): string[] {
  const accountUrls = ['blob', 'dfs'].map(
    (service) => `https://${accountName}.${service}.core.windows.net`,
  );
  return [STORAGE_RESOURCE, ...accountUrls].flatMap((url) => [url, `${url}/`]);
}

export function verifyAccessToken(
  token: string,
  key: RsaSigningKey,
  tenantId: string,
  accountName: string,
  now: Date,
): AzureAuth {
  const jwt = decodeJwt(token);
  if (!jwt) throw invalidToken(tenantId, 'Signature validation failed. The token is malformed.');
  if (jwt.header.kid !== key.kid || !verifySignature(jwt, key.publicJwk()))
    throw invalidToken(tenantId, 'Signature validation failed. Signature is invalid.');
  if (jwt.claims.iss !== tokenIssuer(tenantId))
    throw invalidToken(tenantId, 'Issuer validation failed. Issuer did not match.');
  const accepted = storageAudiences(accountName);
  if (!audiences(jwt.claims).some((audience) => accepted.includes(audience)))
    throw invalidToken(tenantId, 'Audience validation failed. Audience did not match.');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const exp = numericDate(jwt.claims, 'exp');
  if (exp === undefined || nowSeconds >= exp)
    throw invalidToken(
      tenantId,
      'Lifetime validation failed. The token is expired.',
      'The token is expired',
    );
  const nbf = numericDate(jwt.claims, 'nbf');
  if (nbf !== undefined && nowSeconds < nbf)
    throw invalidToken(tenantId, 'Lifetime validation failed. The token is not yet valid.');
  const oid = jwt.claims.oid;
  if (typeof oid !== 'string')
    throw invalidToken(tenantId, 'The token has no object id (oid) claim.');
  return { kind: 'bearer', principalId: oid };
}

/**
 * 401 InvalidAuthenticationInfo with the challenge clients follow (the bearer policy of the
 * Azure SDK reads `authorization_uri` to find the tenant).
 */
function invalidToken(tenantId: string, detail: string, description?: string): AzureError {
  const challenge = [
    `Bearer authorization_uri=https://login.microsoftonline.com/${tenantId}/oauth2/authorize`,
    'resource_id=https://storage.azure.com',
    ...(description === undefined
      ? []
      : ['error="invalid_token"', `error_description="${description}"`]),
  ].join(' ');
  return new AzureError(
    'InvalidAuthenticationInfo',
    'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
    401,
    { details: { AuthenticationErrorDetail: detail }, headers: { 'www-authenticate': challenge } },
  );
}

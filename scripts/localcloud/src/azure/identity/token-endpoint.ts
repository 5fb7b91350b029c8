/**
 * The local Entra ID's unauthenticated routes on the Azure port, all outside the storage
 * account's `/devstoreaccount1/…` space:
 *   POST /<tenant>/oauth2/v2.0/token                     client credentials (client secret or assertion)
 *   GET  /<tenant>/v2.0/.well-known/openid-configuration  OIDC metadata (MSAL reads it first)
 *   GET  /common/discovery/instance                       MSAL's instance discovery
 *   GET  /<tenant>/discovery/v2.0/keys                    the signing key's JWKS
 * Documents name the authority as `https://<Host header>`: MSAL and @azure/identity accept only
 * https authorities and check that the metadata's issuer has the authority's origin (see
 * transport.ts for how a client reaches this plain-HTTP port under an https URL).
 */
import type { AzureResponse } from '../azure-request';
import type { PublicRequest } from '../server';
import { issueAccessToken, storageAudiences, TOKEN_LIFETIME_SECONDS } from './access-token';
import { authenticateClient } from './client-authentication';
import type { Directory } from './directory';
import { EntraError, jsonResponse, renderEntraError } from './entra-error';
import type { RsaSigningKey } from './jwt';

export interface TokenEndpointContext {
  readonly tenantId: string;
  readonly accountName: string;
  readonly directory: Directory;
  readonly key: RsaSigningKey;
  readonly now: () => Date;
}

export async function handleEntraRoute(
  request: PublicRequest,
  context: TokenEndpointContext,
): Promise<AzureResponse | undefined> {
  const segments = request.rawPath.split('/').slice(1);
  const [tenant, ...rest] = segments;
  const route = rest.join('/');
  if (tenant === undefined || tenant === context.accountName) return undefined;
  const known =
    (request.method === 'POST' && route === 'oauth2/v2.0/token') ||
    (request.method === 'GET' &&
      ['v2.0/.well-known/openid-configuration', 'discovery/v2.0/keys', 'discovery/keys'].includes(
        route,
      )) ||
    (request.method === 'GET' && tenant === 'common' && route === 'discovery/instance');
  if (!known) return undefined;
  try {
    if (route === 'discovery/instance') return instanceDiscovery(request);
    if (tenant !== context.tenantId && !(tenant === 'common' && route.startsWith('discovery/'))) {
      throw new EntraError(
        90002,
        'invalid_request',
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      );
    }
    if (route.startsWith('discovery/'))
      return jsonResponse(200, { keys: [context.key.publicJwk()] });
    if (route === 'v2.0/.well-known/openid-configuration')
      return jsonResponse(200, openIdConfiguration(authorityOrigin(request), context.tenantId));
    return await token(request, context);
  } catch (error) {
    if (error instanceof EntraError) return renderEntraError(error, context.now());
    throw error;
  }
}

async function token(
  request: PublicRequest,
  context: TokenEndpointContext,
): Promise<AzureResponse> {
  const form = new URLSearchParams(request.body.toString('utf8'));
  const required = (name: string): string => {
    const value = form.get(name);
    if (value === null || value === '')
      throw new EntraError(
        900144,
        'invalid_request',
        `The request body must contain the following parameter: '${name}'.`,
      );
    return value;
  };
  const grantType = required('grant_type');
  if (grantType !== 'client_credentials') {
    throw new EntraError(
      70003,
      'unsupported_grant_type',
      `The app requested an unsupported grant type '${grantType}'.`,
    );
  }
  const clientId = required('client_id');
  const resource = storageResource(required('scope'), context);
  const principal = context.directory.principal(clientId);
  if (!principal) {
    throw new EntraError(
      700016,
      'unauthorized_client',
      `Application with identifier '${clientId}' was not found in the directory '${context.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const now = context.now();
  const authentication = await authenticateClient(form, principal, context.directory, now);
  return jsonResponse(200, {
    token_type: 'Bearer',
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: issueAccessToken(
      context.key,
      context.tenantId,
      principal,
      resource,
      now,
      authentication,
    ),
  });
}

/** `https://storage.azure.com/.default` → the resource; client credentials allow only `/.default`. */
function storageResource(scope: string, context: TokenEndpointContext): string {
  const scopes = scope.split(' ').filter((item) => item !== '');
  const [first] = scopes;
  if (scopes.length !== 1 || first === undefined || !first.endsWith('/.default')) {
    throw new EntraError(
      1002012,
      'invalid_scope',
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resource = first.slice(0, -'/.default'.length);
  if (!storageAudiences(context.accountName).includes(resource)) {
    throw new EntraError(
      500011,
      'invalid_resource',
      `The resource principal named ${resource} was not found in the tenant named ${context.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  return resource;
}

function openIdConfiguration(origin: string, tenantId: string): Record<string, unknown> {
  const base = `${origin}/${tenantId}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'oid', 'tid', 'ver'],
    tenant_region_scope: null,
    cloud_instance_name: 'localcloud',
  };
}

/** Answers for whichever host the caller uses as authority: it is its own only alias. */
function instanceDiscovery(request: PublicRequest): AzureResponse {
  const origin = authorityOrigin(request);
  // MSAL asks about its authority in `authorization_endpoint`, wherever the request itself went.
  const asked = request.query.get('authorization_endpoint');
  const host = URL.canParse(asked ?? '') ? new URL(asked ?? '').host : new URL(origin).host;
  return jsonResponse(200, {
    tenant_discovery_endpoint: `${origin}/common/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

function authorityOrigin(request: PublicRequest): string {
  const host = request.headers.host ?? '127.0.0.1';
  return `https://${host}`;
}

/**
 * Who a request is, and what it may do. Shared Key is verified here; SAS tokens and bearer
 * tokens by the identity module (identity/), which also issues the local Entra ID tokens.
 */
import { AzureError } from './azure-error';
import { header, type AzureRequest } from './azure-request';
import { verifySharedKey } from './shared-key';

/** SAS permission letters, as operations declare what they need. */
export type Permission = 'r' | 'a' | 'c' | 'w' | 'd' | 'l' | 'm' | 'none';

export type AzureAuth =
  | { readonly kind: 'shared-key' }
  | { readonly kind: 'sas'; readonly permissions: string; readonly container?: string }
  | { readonly kind: 'bearer'; readonly principalId: string };

export interface IdentityVerifier {
  /** Validates a `sig=` request (service or account SAS); throws AzureError when invalid. */
  verifySas(request: AzureRequest, accountName: string, accountKey: string, now: Date): AzureAuth;
  /** Validates a bearer access token; throws AzureError when invalid or expired. */
  verifyBearer(token: string, now: Date): AzureAuth;
  /** Whether a bearer principal holds a data role on this container that allows `permission`. */
  authorizeBearer(principalId: string, container: string, permission: Permission): boolean;
}

export interface AuthOptions {
  readonly accountName: string;
  readonly accountKey: string;
  readonly allowSharedKeyAccess: boolean;
  readonly identity: IdentityVerifier;
  readonly now: Date;
}

export function authenticateAzure(request: AzureRequest, options: AuthOptions): AzureAuth {
  const authorization = header(request, 'authorization');
  if (authorization?.startsWith('SharedKey ')) {
    if (!options.allowSharedKeyAccess) {
      throw new AzureError(
        'KeyBasedAuthenticationNotPermitted',
        'Key based authentication is not permitted on this storage account.',
        403,
      );
    }
    verifySharedKey(request, authorization, options.accountName, options.accountKey);
    return { kind: 'shared-key' };
  }
  if (authorization?.startsWith('Bearer ')) {
    return options.identity.verifyBearer(authorization.slice('Bearer '.length).trim(), options.now);
  }
  if (authorization !== undefined) {
    throw new AzureError(
      'InvalidAuthenticationInfo',
      'Authentication information is not given in the correct format. Check the value of Authorization header.',
      400,
    );
  }
  if (request.query.has('sig')) {
    if (!options.allowSharedKeyAccess && !request.query.has('skoid')) {
      throw new AzureError(
        'KeyBasedAuthenticationNotPermitted',
        'Key based authentication is not permitted on this storage account.',
        403,
      );
    }
    return options.identity.verifySas(
      request,
      options.accountName,
      options.accountKey,
      options.now,
    );
  }
  throw new AzureError(
    'NoAuthenticationInformation',
    'Server failed to authenticate the request. Please refer to the information in the www-authenticate header.',
    401,
    {
      headers: {
        'www-authenticate':
          'Bearer authorization_uri=https://login.microsoftonline.com/common/oauth2/authorize resource_id=https://storage.azure.com',
      },
    },
  );
}

export function authorize(
  auth: AzureAuth,
  container: string,
  permission: Permission,
  identity: IdentityVerifier,
): void {
  if (permission === 'none' || auth.kind === 'shared-key') return;
  const allowed =
    auth.kind === 'sas'
      ? auth.permissions.includes(permission) &&
        (auth.container === undefined || auth.container === container)
      : identity.authorizeBearer(auth.principalId, container, permission);
  if (!allowed) {
    throw new AzureError(
      'AuthorizationPermissionMismatch',
      'This request is not authorized to perform this operation using this permission.',
      403,
    );
  }
}

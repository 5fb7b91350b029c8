/**
 * STS (AWS Query): GetCallerIdentity for the calling access key, and GetWebIdentityToken
 * (IAM outbound identity federation) with an OIDC issuer this emulator serves itself:
 *   <endpoint>/sts-federation/<account>/.well-known/openid-configuration
 *   <endpoint>/sts-federation/<account>/.well-known/jwks.json
 */
import { AwsError } from '../../core/aws-error';
import type { LocalCloudContext, ServiceHandler } from '../../core/context';
import { createQueryService } from '../../core/query-protocol';
import type { AwsRequest, AwsResponse } from '../../core/request';
import { Identities, type CallerIdentity } from './identities';
import { SIGNING_ALGORITHMS, SigningKeys, type SigningKeysState } from './signing-keys';
import { issueToken, readTokenRequest } from './web-identity-token';

export interface StsService extends ServiceHandler {
  /** Makes requests signed with `accessKeyId` act as `principalArn` (root, IAM user or role session). */
  actAs(accessKeyId: string, principalArn: string): void;
  /**
   * Who a key acts as, as GetCallerIdentity reports it: for other emulated services that name
   * the caller of a signed request (API Gateway's IAM identity).
   */
  callerOf(accessKeyId: string): CallerIdentity;
  /** Turns outbound identity federation on or off for the account (on by default). */
  setOutboundFederationEnabled(enabled: boolean): void;
  /** The `iss` of issued tokens; its `/.well-known/*` documents are served without authentication. */
  issuer(): string;
}

interface StsState {
  readonly identities: Record<string, string>;
  readonly federationEnabled: boolean;
  readonly keys: SigningKeysState;
}

export function createStsService(context: LocalCloudContext): StsService {
  const identities = new Identities(context);
  const keys = new SigningKeys();
  let federationEnabled = true;
  const issuerPath = `/sts-federation/${context.accountId}`;
  const issuer = () => `${context.endpoint()}${issuerPath}`;

  const handler = createQueryService({
    signingName: 'sts',
    xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
    context,
    operations: {
      GetCallerIdentity: (_params, call) => ({
        ...identities.callerOf(call.auth.scope.accessKeyId),
      }),
      GetWebIdentityToken: (params, call) => {
        const request = readTokenRequest(params);
        if (!federationEnabled)
          throw new AwsError(
            'OutboundWebIdentityFederationDisabledException',
            'The outbound web identity federation feature is not enabled for this account. To use this feature, you must first enable it through the AWS Management Console or API.',
            403,
          );
        const subject = identities.subjectOf(call.auth.scope.accessKeyId);
        const issued = issueToken(request, subject, issuer(), context, keys);
        return { WebIdentityToken: issued.token, Expiration: issued.expiration };
      },
    },
    reset: () => {
      identities.clear();
      federationEnabled = true;
    },
    snapshot: (): StsState => ({
      identities: identities.snapshot(),
      federationEnabled,
      keys: keys.snapshot(),
    }),
    restore: (state) => {
      const saved = state as Partial<StsState> | undefined;
      identities.restore(saved?.identities);
      federationEnabled = saved?.federationEnabled ?? true;
      keys.restore(saved?.keys);
    },
    handlePublic: (request) => Promise.resolve(discoveryDocument(request)),
  });

  function discoveryDocument(request: AwsRequest): AwsResponse | undefined {
    if (request.method !== 'GET') return undefined;
    if (request.rawPath === `${issuerPath}/.well-known/openid-configuration`)
      return json({
        issuer: issuer(),
        jwks_uri: `${issuer()}/.well-known/jwks.json`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: [...SIGNING_ALGORITHMS],
        claims_supported: ['iss', 'sub', 'aud', 'iat', 'exp', 'jti'],
      });
    if (request.rawPath === `${issuerPath}/.well-known/jwks.json`) return json(keys.jwks());
    return undefined;
  }

  return {
    ...handler,
    actAs: (accessKeyId, principalArn) => identities.actAs(accessKeyId, principalArn),
    callerOf: (accessKeyId) => identities.callerOf(accessKeyId),
    setOutboundFederationEnabled: (enabled) => {
      federationEnabled = enabled;
    },
    issuer,
  };
}

function json(body: unknown): AwsResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'max-age=300' },
    body: JSON.stringify(body),
  };
}

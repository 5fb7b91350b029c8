/**
 * IAM authorisation of `AWS_IAM` methods: the request's SigV4 signature is verified for the
 * service `execute-api` with localcloud's verifier (the path is signed as it arrived, stage
 * included), and the caller is named the way API Gateway fills `requestContext.identity`.
 * Nothing checks an IAM policy: every known key may invoke every method, as an account whose
 * callers are all allowed `execute-api:Invoke`.
 */
import {
  authenticate,
  parseQuery,
  type AwsRequest,
  type CallerIdentity,
  type LocalCloud,
} from '@hybrid-lake/localcloud';
import {
  authFailureResponse,
  signatureExpired,
  SIGNATURE_WINDOW_MS,
  type GatewayResponse,
} from './gateway-responses';
import type { RestApiIam } from './types';

/** The IAM fields of `requestContext.identity` for a verified caller. */
export interface IamIdentity {
  readonly accessKey: string;
  readonly accountId: string;
  /** The principal id: `AIDA…` for a user, `AROA…:session` for a role session, the account for root. */
  readonly caller: string;
  readonly user: string;
  readonly userArn: string;
}

export interface SignedRequest {
  readonly method: string;
  /** The path as received, stage included, still percent-encoded. */
  readonly rawPath: string;
  readonly rawQuery: string;
  /** Node's `req.headers` (lower-case names). */
  readonly headers: AwsRequest['headers'];
  readonly body: Buffer;
}

export class IamAuthorizer {
  private readonly credentials: ReadonlyMap<string, string>;

  constructor(
    private readonly iam: RestApiIam,
    private readonly region: string,
    private readonly accountId: string,
  ) {
    this.credentials = new Map(Object.entries(iam.credentials));
  }

  /** The caller, or the gateway response that refuses the request. */
  authorize(request: SignedRequest, now: Date): IamIdentity | GatewayResponse {
    const result = authenticate(
      {
        method: request.method,
        rawPath: request.rawPath,
        rawQuery: request.rawQuery,
        query: parseQuery(request.rawQuery),
        headers: request.headers,
        body: request.body,
        requestId: '',
      },
      { service: 'execute-api', region: this.region, credentials: this.credentials, now },
    );
    const authorization = request.headers.authorization;
    if (!result.ok) return authFailureResponse(result.failure, authorization);
    // localcloud allows AWS's usual 15 minutes; API Gateway allows 5.
    const { signedAt, scope } = result.auth;
    if (Math.abs(signedAt.getTime() - now.getTime()) > SIGNATURE_WINDOW_MS)
      return signatureExpired(signedAt, now);
    const caller = this.callerOf(scope.accessKeyId);
    return {
      accessKey: scope.accessKeyId,
      accountId: caller.Account,
      caller: caller.UserId,
      user: caller.UserId,
      userArn: caller.Arn,
    };
  }

  private callerOf(accessKeyId: string): CallerIdentity {
    if (this.iam.callerOf) return this.iam.callerOf(accessKeyId);
    return {
      Account: this.accountId,
      Arn: `arn:aws:iam::${this.accountId}:root`,
      UserId: this.accountId,
    };
  }
}

/** localcloud's credentials and its STS's idea of who each key is. */
export function restApiIamOf(cloud: LocalCloud): RestApiIam {
  const { accessKeyId, secretAccessKey } = cloud.clientConfig.credentials;
  return {
    credentials: { [accessKeyId]: secretAccessKey },
    callerOf: (key) => cloud.services.sts.callerOf(key),
  };
}

export function isGatewayResponse(value: IamIdentity | GatewayResponse): value is GatewayResponse {
  return 'status' in value;
}

/**
 * The local API Gateway's public shapes: the REST API it serves (routes on one stage, each a
 * Lambda proxy integration) and its stage settings. See README.md in this folder.
 */
import type { CallerIdentity } from '@hybrid-lake/localcloud';
import type { LocalFunctions } from '../lambda-runtime';
import type { RestApiRoute } from './route-types';

export type { RestApiAuthorization, RestApiMethod, RestApiRoute } from './route-types';
/** Who may sign requests for `AWS_IAM` methods, and who they are. */
export interface RestApiIam {
  /** Access key id → secret access key, e.g. localcloud's (`restApiIamOf(cloud)`). */
  readonly credentials: Readonly<Record<string, string>>;
  /**
   * Who a key acts as, as GetCallerIdentity answers; it fills `requestContext.identity`.
   * @default the account's root
   */
  readonly callerOf?: (accessKeyId: string) => CallerIdentity;
}

/** What a CDK `defaultCorsPreflightOptions` deploys: an OPTIONS mock on every resource. */
export interface RestApiCors {
  /** The first is the static `Access-Control-Allow-Origin`; others are echoed when they match. */
  readonly allowOrigins: readonly string[];
  /** @default CORS_DEFAULT_ALLOW_METHODS (the CDK's `Cors.ALL_METHODS`) */
  readonly allowMethods?: readonly string[];
  /** @default CORS_DEFAULT_ALLOW_HEADERS */
  readonly allowHeaders?: readonly string[];
  readonly allowCredentials?: boolean;
  readonly exposeHeaders?: readonly string[];
  readonly maxAgeSeconds?: number;
  /** @default 204, as the CDK's */
  readonly statusCode?: number;
}

/**
 * Stage throttling (`deployOptions.throttlingRateLimit`/`throttlingBurstLimit`): a token bucket
 * per method, as stage settings apply to each method of the stage.
 */
export interface RestApiThrottle {
  /** Tokens added per second. */
  readonly rateLimit: number;
  /** The bucket's size. */
  readonly burstLimit: number;
}

export interface LocalRestApiOptions {
  /** The local Lambda service the methods invoke (RequestResponse). */
  readonly functions: Pick<LocalFunctions, 'invoke'>;
  readonly routes: readonly RestApiRoute[];
  /** The stage name, the first segment of every URL. */
  readonly stage: string;
  readonly region: string;
  /** The API owner's account. */
  readonly accountId: string;
  readonly iam: RestApiIam;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default ten characters derived from the account, region, stage and routes */
  readonly apiId?: string;
  /** Without it, OPTIONS is a method like any other: undefined, so 403. */
  readonly cors?: RestApiCors;
  /** @default no throttling beyond what the machine can do */
  readonly throttle?: RestApiThrottle;
  /** One JSON line per request (the CDK's `AccessLogFormat.jsonWithStandardFields()`). */
  readonly accessLogFile?: string;
  /** @default 29 000 (the REST API maximum) */
  readonly integrationTimeoutMs?: number;
  /** @default MAX_REQUEST_BODY_BYTES (10 MiB) */
  readonly maxBodyBytes?: number;
}

export interface LocalRestApi {
  /** `http://<host>:<port>/<stage>`: append a resource path. */
  readonly url: string;
  readonly port: number;
  readonly apiId: string;
  /** Stops accepting requests, waits for those in hand, and closes the access log. */
  stop(): Promise<void>;
}

/**
 * The MarketplaceApiStack, locally: the ingestion function's Idempotency-Key table (`id` S, TTL
 * `expiration`), the recommendations' two tables, the two functions' specs, and the REST API's
 * routes for the local API Gateway (`../rest-api`): each ingestion resource and
 * `GET /v1/recommendations/{user_id}` a Lambda proxy integration with IAM, and the OpenAPI
 * document answered by a mock, as the stack deploys them.
 *
 * The function produces over MSK IAM as deployed: TLS to localcloud's IAM listener with a token
 * signed by localcloud's key. The listener's certificate authority is written to a file the
 * function's process trusts through NODE_EXTRA_CA_CERTS, as a Node.js process would be told to
 * trust a private authority.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import {
  API_STAGE_NAME,
  CORS_ALLOWED_HEADERS,
  IDEMPOTENCY_TABLE,
  INGEST_DEFAULTS,
  INGEST_SERVICE_NAME,
  idempotencyTableName,
  ingestFunctionName,
  ingestionResourcePath,
} from '../../../infra/aws/facts/api';
import { lambdaHandlerEntry } from '../../../infra/aws/facts/functions';
import {
  RECOMMEND_DEFAULTS,
  recommendationsResourcePath,
} from '../../../infra/aws/facts/recommend';
import {
  RECOMMEND_SERVICE_NAME,
  recommendFunctionName,
} from '../../../infra/aws/facts/recommendations';
import {
  OPENAPI_RESOURCE_PATH,
  marketplaceOpenApi,
} from '../../../infra/aws/marketplace-api/openapi';
import type { Platform } from '../../../infra/platform';
import type {
  LocalFunctionSpec,
  LocalMarketplaceApi,
  LocalRecommendationTables,
} from '../deployment';
import type { LocalFunctions } from '../lambda-runtime';
import { restApiIamOf, startLocalRestApi, type LocalRestApi, type RestApiRoute } from '../rest-api';
import type { DeployContext } from './context';
import { deployRecommendationTables } from './recommendation-tables';
import { createLocalTable } from './tables';
import { PLATFORM_FUNCTION_ENVIRONMENT } from './function-specs';

/** Where the ingestion function reaches Kafka locally. */
export interface LocalKafkaEndpoint {
  readonly bootstrapServers: string;
  /** `iam` with the file of the authority the listener's certificate chains to. */
  readonly auth: { readonly mode: 'iam'; readonly caFile: string } | { readonly mode: 'none' };
}

export function ingestSpec(
  platform: Platform,
  resources: { readonly idempotencyTableName: string; readonly kafka: LocalKafkaEndpoint },
): LocalFunctionSpec {
  const origin = platform.environment.marketplaceApi.allowedOrigin;
  const { kafka } = resources;
  return {
    functionName: ingestFunctionName(platform),
    service: INGEST_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(INGEST_SERVICE_NAME),
    environment: {
      PLATFORM_ENV: platform.environmentName,
      KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrapServers,
      KAFKA_AUTH: kafka.auth.mode,
      IDEMPOTENCY_TABLE_NAME: resources.idempotencyTableName,
      ...(origin !== undefined && { ALLOWED_ORIGIN: origin }),
      ...(kafka.auth.mode === 'iam' && { NODE_EXTRA_CA_CERTS: kafka.auth.caFile }),
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: INGEST_DEFAULTS.timeoutSeconds,
    memoryMiB: INGEST_DEFAULTS.memorySize,
    trigger: { kind: 'direct' },
  };
}

/** The recommender, reading the two tables (it needs no network of its own locally). */
export function recommendSpec(
  platform: Platform,
  tables: LocalRecommendationTables,
): LocalFunctionSpec {
  const origin = platform.environment.marketplaceApi.allowedOrigin;
  return {
    functionName: recommendFunctionName(platform),
    service: RECOMMEND_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(RECOMMEND_SERVICE_NAME),
    environment: {
      PLATFORM_ENV: platform.environmentName,
      RECENT_ACTIVITY_TABLE_NAME: tables.recentActivityTableName,
      RECOMMENDATION_MODEL_TABLE_NAME: tables.modelTableName,
      ...(origin !== undefined && { ALLOWED_ORIGIN: origin }),
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: RECOMMEND_DEFAULTS.timeoutSeconds,
    memoryMiB: RECOMMEND_DEFAULTS.memorySize,
    trigger: { kind: 'direct' },
  };
}

/** The stack's methods, for the local API Gateway. */
export function marketplaceApiRoutes(platform: Platform): RestApiRoute[] {
  const functionName = ingestFunctionName(platform);
  return [
    ...platform.marketplaceApi.ingestion.map((route): RestApiRoute => ({
      method: 'POST',
      resourcePath: ingestionResourcePath(route),
      functionName,
      authorization: 'AWS_IAM',
    })),
    {
      method: 'GET',
      resourcePath: recommendationsResourcePath(platform.marketplaceApi.recommendations),
      functionName: recommendFunctionName(platform),
      authorization: 'AWS_IAM',
    },
    {
      method: 'GET',
      resourcePath: OPENAPI_RESOURCE_PATH,
      authorization: 'AWS_IAM',
      mockResponse: {
        statusCode: 200,
        contentType: 'application/json',
        body: JSON.stringify(marketplaceOpenApi(platform)),
      },
    },
  ];
}

export async function deployMarketplaceApi(context: DeployContext): Promise<LocalMarketplaceApi> {
  const { cloud, platform } = context;
  const tableName = idempotencyTableName(platform);
  await createLocalTable(cloud, tableName, IDEMPOTENCY_TABLE);
  const recommendationTables = await deployRecommendationTables(context);
  const origin = platform.environment.marketplaceApi.allowedOrigin;
  return {
    ingest: ingestSpec(platform, { idempotencyTableName: tableName, kafka: localKafka(cloud) }),
    recommend: recommendSpec(platform, recommendationTables),
    routes: marketplaceApiRoutes(platform),
    recommendationTables,
    stage: API_STAGE_NAME,
    ...(origin !== undefined && { allowedOrigin: origin }),
    throttle: platform.marketplaceApi.throttling,
  };
}

function localKafka(cloud: LocalCloud): LocalKafkaEndpoint {
  const iam = cloud.kafka.sasl;
  if (!iam) return { bootstrapServers: cloud.kafka.bootstrapServers, auth: { mode: 'none' } };
  const digest = createHash('sha256').update(iam.caCertificate).digest('hex').slice(0, 16);
  const caFile = join(tmpdir(), `hybrid-lake-kafka-ca-${digest}.pem`);
  writeFileSync(caFile, iam.caCertificate);
  return { bootstrapServers: iam.bootstrapServers, auth: { mode: 'iam', caFile } };
}

/**
 * The deployed API on the local API Gateway, in front of the running functions: IAM-signed by
 * localcloud's key, CORS for the environment's origin, the stage's throttling, access logs.
 */
export function serveMarketplaceApi(
  cloud: LocalCloud,
  functions: Pick<LocalFunctions, 'invoke'>,
  api: LocalMarketplaceApi,
  options: { readonly accessLogFile?: string; readonly port?: number } = {},
): Promise<LocalRestApi> {
  return startLocalRestApi({
    functions,
    routes: api.routes,
    stage: api.stage,
    region: cloud.region,
    accountId: cloud.accountId,
    iam: restApiIamOf(cloud),
    ...(api.allowedOrigin !== undefined && {
      cors: {
        allowOrigins: [api.allowedOrigin],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: [...CORS_ALLOWED_HEADERS],
        maxAgeSeconds: 3600,
      },
    }),
    throttle: api.throttle,
    ...(options.accessLogFile !== undefined && { accessLogFile: options.accessLogFile }),
    ...(options.port !== undefined && { port: options.port }),
  });
}

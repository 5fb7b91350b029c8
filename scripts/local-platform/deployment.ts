/**
 * What the platform looks like once deployed onto localcloud: the resources the local runtime,
 * the local Glue jobs and `npm start` work with. Every name is the one the CDK and Pulumi
 * programs give the deployed resource, so logs, alerts and alarms read the same locally.
 */
import type { CatalogTable, Platform, ZoneName } from '../../infra/platform';
import type { RestApiRoute } from './rest-api/route-types';

export interface QueueRef {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

/** How a function is invoked, with the settings the CDK gives its trigger. */
export type FunctionTrigger =
  | {
      /** An SQS event source mapping with partial batch responses (ReportBatchItemFailures). */
      readonly kind: 'sqs';
      readonly queue: QueueRef;
      /** The queue's redrive target; SQS moves a message there after `maxReceiveCount` receives. */
      readonly deadLetterQueue: QueueRef;
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
      readonly maxReceiveCount: number;
      /** Visibility timeout of the queue locally (short, so retries happen within the run). */
      readonly visibilityTimeoutSeconds: number;
      /** The event source mapping's maximum concurrency, if any. */
      readonly maxConcurrency?: number;
    }
  | {
      /**
       * Asynchronous invocation (EventBridge rule targets). Locally the rule targets `inbox`, a
       * queue standing in for Lambda's internal event queue; failures are retried
       * `retryAttempts` times, then sent to `deadLetterQueue`. An invocation that succeeds is put
       * on `onSuccessBusArn`, the on-success destination, when the function has one.
       */
      readonly kind: 'async';
      readonly inbox: QueueRef;
      readonly deadLetterQueue: QueueRef;
      readonly retryAttempts: number;
      readonly maxEventAgeSeconds: number;
      readonly onSuccessBusArn?: string;
    }
  | {
      /**
       * Amazon MSK event source mappings, one per topic (each with its consumer group), sharing
       * their settings. A batch that still fails after `maxRetryAttempts` retries is described
       * in `deadLetterQueue` (the mappings' on-failure destination) and skipped.
       */
      readonly kind: 'kafka';
      readonly mappings: readonly { readonly topic: string; readonly consumerGroup: string }[];
      readonly batchSize: number;
      readonly maxBatchingWindowSeconds: number;
      readonly maxRetryAttempts: number;
      readonly deadLetterQueue: QueueRef;
      /** The cluster's ARN, as the events name their source. */
      readonly eventSourceArn: string;
    }
  | {
      /** Invoked directly (RequestResponse), e.g. a custom resource's onEvent handler. */
      readonly kind: 'direct';
    };

export interface LocalFunctionSpec {
  /** The deployed function name, e.g. `hybrid-lake-dev-s3-to-adls`. */
  readonly functionName: string;
  /** Folder under lambdas/, e.g. `s3-to-adls`. */
  readonly service: string;
  /** Absolute path of the handler module (exports `handler`). */
  readonly handlerModule: string;
  /**
   * The function's environment as the CDK sets it, with values pointing at localcloud. AWS
   * endpoint and credentials are not here: the runtime adds localcloud's (`cloud.env`).
   */
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMiB: number;
  readonly reservedConcurrency?: number;
  readonly trigger: FunctionTrigger;
  /**
   * The CloudWatch alarm on the function's dead-letter queue, as the CDK names it; the local
   * runtime raises it when a message lands there.
   */
  readonly deadLetterAlarmName?: string;
}

/** The MarketplaceApiStack locally: its function, and the routes and stage the local API serves. */
/** The recommendations' tables (`RecommendationTables` of the MarketplaceApiStack). */
export interface LocalRecommendationTables {
  readonly recentActivityTableName: string;
  readonly modelTableName: string;
}

export interface LocalMarketplaceApi {
  readonly ingest: LocalFunctionSpec;
  /** `GET /v1/recommendations/{user_id}` */
  readonly recommend: LocalFunctionSpec;
  readonly routes: readonly RestApiRoute[];
  readonly recommendationTables: LocalRecommendationTables;
  readonly stage: string;
  readonly allowedOrigin?: string;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
}

export interface LocalDeployment {
  readonly platform: Platform;
  /** Bucket of each zone. */
  readonly buckets: Readonly<Record<ZoneName, string>>;
  /** ADLS file systems, one per mirrored zone, named after the zone. */
  readonly fileSystems: readonly ZoneName[];
  readonly catalogTables: readonly CatalogTable[];
  readonly functions: readonly LocalFunctionSpec[];
  readonly alerts: {
    readonly topicArn: string;
    /** An SQS subscription of the alert topic: every alert sent lands here (raw delivery off). */
    readonly inbox: QueueRef;
    readonly dedupeTableName: string;
  };
  readonly secrets: {
    /** `{ accountName, accountKey }` of the local ADLS account (shared key: local only). */
    readonly adlsSharedKeyArn: string;
    /** The warehouse admin credentials, as Redshift manages them in Secrets Manager. */
    readonly warehouseAdminArn: string;
  };
  readonly warehouse: {
    readonly workgroupName: string;
    readonly database: string;
    readonly copyRoleArn: string;
    /** The ELT function's unqualified ARN, as its on-success records name it. */
    readonly eltFunctionArn: string;
    /** What the customer models train with (the WarehouseStack's WarehouseMl): recorded, not used locally. */
    readonly ml: { readonly roleArn: string; readonly bucketName: string; readonly keyArn: string };
  };
  /** The marketplace API's routes and stage settings, served once the functions run. */
  readonly marketplaceApi: LocalMarketplaceApi;
  /** The Kafka topics on localcloud's broker, as the StreamingStack creates them. */
  readonly topics: readonly string[];
  /** Glue job names as the EtlStack names them. */
  readonly glueJobs: {
    readonly rawToClean: string;
    readonly cleanToCurated: string;
    /** The streaming job of each topic. */
    readonly streaming: readonly string[];
  };
}

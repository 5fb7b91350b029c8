/**
 * The functions' specs, from the resources they use: the CDK's settings (the constants the
 * constructs themselves use) with values pointing at localcloud. Pure, so a unit test can hold
 * them against the synthesized templates.
 */
import { AZURE_FEDERATION_AUDIENCE, type Platform, type ZoneName } from '../../../infra/platform';
import type { CopyFormat } from '../../../lambdas/shared/warehouse/elt';
import type { FunctionTrigger, LocalDeployment, LocalFunctionSpec, QueueRef } from '../deployment';
import {
  FAILURE_ALERTS_SERVICE_NAME,
  FAILURE_ALERTS_DEFAULTS,
  FAILURE_ALERTS_RETRY_ATTEMPTS,
  failureAlertsFunctionName,
  deadLettersAlarmName,
  DEFAULT_RUNBOOK_BASE_URL,
} from '../../../infra/aws/facts/alerting';
import { MAX_RECEIVE_COUNT } from '../../../infra/aws/facts/queues';
import {
  REGISTRATION_DEFAULTS,
  REGISTRATION_SERVICE_NAME,
  registrationFunctionName,
} from '../../../infra/aws/facts/catalog';
import {
  AZURE_TARGET_PLACEHOLDERS,
  TRANSFER_DEFAULTS,
  TRANSFER_METRIC_NAMESPACE,
  TRANSFER_SERVICE_NAME,
  transferFunctionName,
} from '../../../infra/aws/facts/replication';
import {
  ELT_DEFAULTS,
  ELT_MAX_EVENT_AGE_HOURS,
  ELT_RESERVED_CONCURRENCY,
  ELT_SERVICE_NAME,
  eltFunctionName,
  MIGRATIONS_DEFAULTS,
  MIGRATIONS_SERVICE_NAME,
  migrationsFunctionName,
  SQL_SOURCE_DIRECTORY,
} from '../../../infra/aws/facts/warehouse';
import { lambdaHandlerEntry } from '../../../infra/aws/facts/functions';
import {
  ACTIVITY_DEFAULTS,
  activityConsumerGroup,
  activityTopics,
} from '../../../infra/aws/facts/activity';
import {
  EXPORT_DEFAULTS,
  EXPORT_MAX_EVENT_AGE_HOURS,
  EXPORT_RESERVED_CONCURRENCY,
} from '../../../infra/aws/facts/recommendation-export';
import {
  ACTIVITY_SERVICE_NAME,
  EXPORT_SERVICE_NAME,
  activityFunctionName,
  exportFunctionName,
} from '../../../infra/aws/facts/recommendations';
import {
  TRAFFIC_MONITOR_EVENT_BUS,
  TRAFFIC_MONITOR_DEFAULTS,
  TRAFFIC_MONITOR_SERVICE_NAME,
  monitoredTopics,
  trafficMonitorConsumerGroup,
  trafficMonitorFunctionName,
} from '../../../infra/aws/facts/traffic';

/**
 * What PlatformFunction adds to every function's environment (source-mapped stack traces);
 * the local runtime runs TypeScript through tsx, where it is just as useful.
 */
export const PLATFORM_FUNCTION_ENVIRONMENT = { NODE_OPTIONS: '--enable-source-maps' } as const;

/** The local lake holds JSON lines, which the local COPY reads (AWS: Parquet). */
export const LOCAL_COPY_FORMAT: CopyFormat = 'json';

/** Local settings of the SQS triggers (see LocalDeployOptions). */
export interface LocalQueueSettings {
  readonly localBatchingWindowSeconds: number;
  readonly visibilityTimeoutSeconds: number;
}

export interface QueueTriggerResources extends LocalQueueSettings {
  readonly queue: QueueRef;
  readonly deadLetterQueue: QueueRef;
}

export type AsyncTrigger = Extract<FunctionTrigger, { kind: 'async' }>;

/** Lambda's own default for `MaximumEventAgeInSeconds` when a function configures none (6 h). */
export const LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS = 21_600;

export interface AsyncInvokeSettings {
  readonly retryAttempts: number;
  readonly maxEventAgeSeconds: number;
}

/** The asynchronous invocation settings (EventInvokeConfig) of the functions EventBridge invokes. */
export const ASYNC_INVOKE_SETTINGS = {
  failureAlerts: {
    retryAttempts: FAILURE_ALERTS_RETRY_ATTEMPTS,
    maxEventAgeSeconds: LAMBDA_DEFAULT_MAX_EVENT_AGE_SECONDS,
  },
  elt: {
    retryAttempts: ELT_DEFAULTS.retryAttempts,
    maxEventAgeSeconds: ELT_MAX_EVENT_AGE_HOURS * 3600,
  },
  recommendationExport: {
    retryAttempts: EXPORT_DEFAULTS.retryAttempts,
    maxEventAgeSeconds: EXPORT_MAX_EVENT_AGE_HOURS * 3600,
  },
} as const satisfies Record<string, AsyncInvokeSettings>;

export function asyncTrigger(
  inbox: QueueRef,
  deadLetterQueue: QueueRef,
  settings: AsyncInvokeSettings,
  onSuccessBusArn?: string,
): AsyncTrigger {
  return {
    kind: 'async',
    inbox,
    deadLetterQueue,
    ...settings,
    ...(onSuccessBusArn !== undefined && { onSuccessBusArn }),
  };
}

function sqsTrigger(resources: QueueTriggerResources, batchSize: number): FunctionTrigger {
  return {
    kind: 'sqs',
    queue: resources.queue,
    deadLetterQueue: resources.deadLetterQueue,
    batchSize,
    // The CDK's window (10 s, 30 s) would leave a laptop run idle; only this is local.
    maxBatchingWindowSeconds: resources.localBatchingWindowSeconds,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    visibilityTimeoutSeconds: resources.visibilityTimeoutSeconds,
  };
}

/**
 * Lambda refuses an SQS trigger whose queue hides a message for less than the function's timeout.
 * The local queues hide messages for seconds (so a failure is redriven within the run), so an
 * SQS-triggered function gets that as its timeout locally; its invocations take well under it.
 */
export function localQueueTimeout(deployedSeconds: number, settings: LocalQueueSettings): number {
  return Math.min(deployedSeconds, settings.visibilityTimeoutSeconds);
}

/** What the two functions that act on lake buckets are told besides their queue. */
export interface LakeFunctionResources extends QueueTriggerResources {
  /** The account the lake buckets are named after (localcloud's), as the CDK passes its own. */
  readonly accountId: string;
}

export interface TransferResources extends LakeFunctionResources {
  /** The local ADLS account's blob endpoint. */
  readonly accountUrl: string;
  readonly tenantId: string;
  readonly sharedKeySecretArn: string;
}

export function transferSpec(platform: Platform, resources: TransferResources): LocalFunctionSpec {
  const functionName = transferFunctionName(platform);
  return {
    functionName,
    service: TRANSFER_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(TRANSFER_SERVICE_NAME),
    environment: {
      PLATFORM_ENV: platform.environmentName,
      LAKE_ACCOUNT_ID: resources.accountId,
      ADLS_ACCOUNT_URL: resources.accountUrl,
      // Federated auth needs the Azure SDKs' transport pointed at the emulator
      // (localAzureTransport), which the unmodified handler cannot take from its environment.
      ADLS_AUTH_MODE: 'shared-key',
      ADLS_SHARED_KEY_SECRET_ARN: resources.sharedKeySecretArn,
      AZURE_TENANT_ID: resources.tenantId,
      AZURE_CLIENT_ID: AZURE_TARGET_PLACEHOLDERS.clientId,
      AZURE_FEDERATION_AUDIENCE,
      COPY_MODE: TRANSFER_DEFAULTS.copyMode,
      MIRROR_DELETES: String(TRANSFER_DEFAULTS.mirrorDeletes),
      PRESIGN_EXPIRY_SECONDS: String(TRANSFER_DEFAULTS.presignExpirySeconds),
      BLOCK_SIZE_MIB: String(TRANSFER_DEFAULTS.blockSizeMiB),
      COPY_CONCURRENCY: String(TRANSFER_DEFAULTS.copyConcurrency),
      STREAMING_BLOCK_SIZE_MIB: String(TRANSFER_DEFAULTS.streamingBlockSizeMiB),
      STREAMING_CONCURRENCY: String(TRANSFER_DEFAULTS.streamingConcurrency),
      POWERTOOLS_SERVICE_NAME: TRANSFER_SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: TRANSFER_METRIC_NAMESPACE,
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: localQueueTimeout(TRANSFER_DEFAULTS.timeoutSeconds, resources),
    memoryMiB: TRANSFER_DEFAULTS.memorySize,
    trigger: sqsTrigger(resources, TRANSFER_DEFAULTS.batchSize),
    deadLetterAlarmName: deadLettersAlarmName(functionName),
  };
}

export function registrationSpec(
  platform: Platform,
  resources: LakeFunctionResources,
): LocalFunctionSpec {
  const functionName = registrationFunctionName(platform);
  return {
    functionName,
    service: REGISTRATION_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(REGISTRATION_SERVICE_NAME),
    environment: {
      PLATFORM_ENV: platform.environmentName,
      LAKE_ACCOUNT_ID: resources.accountId,
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: localQueueTimeout(REGISTRATION_DEFAULTS.timeoutSeconds, resources),
    memoryMiB: REGISTRATION_DEFAULTS.memorySize,
    trigger: sqsTrigger(resources, REGISTRATION_DEFAULTS.batchSize),
    deadLetterAlarmName: deadLettersAlarmName(functionName),
  };
}

export function failureAlertsSpec(
  platform: Platform,
  resources: {
    readonly topicArn: string;
    readonly dedupeTableName: string;
    readonly trigger: AsyncTrigger;
  },
): LocalFunctionSpec {
  const functionName = failureAlertsFunctionName(platform);
  return {
    functionName,
    service: FAILURE_ALERTS_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(FAILURE_ALERTS_SERVICE_NAME),
    environment: {
      PLATFORM_ENV: platform.environmentName,
      ALERT_TOPIC_ARN: resources.topicArn,
      DEDUPE_TABLE_NAME: resources.dedupeTableName,
      DEDUPE_WINDOW_SECONDS: String(FAILURE_ALERTS_DEFAULTS.dedupeWindowMinutes * 60),
      RUNBOOK_BASE_URL: DEFAULT_RUNBOOK_BASE_URL,
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: FAILURE_ALERTS_DEFAULTS.timeoutSeconds,
    memoryMiB: FAILURE_ALERTS_DEFAULTS.memorySize,
    trigger: resources.trigger,
    deadLetterAlarmName: deadLettersAlarmName(functionName),
  };
}

/** What both warehouse functions are told, as the WarehouseStack tells them. */
function warehouseEnvironment(
  platform: Platform,
  warehouse: LocalDeployment['warehouse'],
): Record<string, string> {
  return {
    PLATFORM_ENV: platform.environmentName,
    WAREHOUSE_WORKGROUP: warehouse.workgroupName,
    WAREHOUSE_DATABASE: warehouse.database,
    // The CDK copies sql/ into the bundle; locally the handlers read the repository's.
    SQL_DIRECTORY: SQL_SOURCE_DIRECTORY,
  };
}

export function eltSpec(
  platform: Platform,
  resources: {
    readonly warehouse: LocalDeployment['warehouse'];
    readonly buckets: Readonly<Record<ZoneName, string>>;
    readonly trigger: AsyncTrigger;
  },
): LocalFunctionSpec {
  const functionName = eltFunctionName(platform);
  return {
    functionName,
    service: ELT_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(ELT_SERVICE_NAME),
    environment: {
      ...warehouseEnvironment(platform, resources.warehouse),
      CLEAN_BUCKET: resources.buckets.clean,
      CURATED_BUCKET: resources.buckets.curated,
      COPY_ROLE_ARN: resources.warehouse.copyRoleArn,
      COPY_FORMAT: LOCAL_COPY_FORMAT,
      ML_ROLE_ARN: resources.warehouse.ml.roleArn,
      ML_BUCKET: resources.warehouse.ml.bucketName,
      ML_KMS_KEY_ID: resources.warehouse.ml.keyArn,
      POWERTOOLS_SERVICE_NAME: ELT_SERVICE_NAME,
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: ELT_DEFAULTS.timeoutSeconds,
    memoryMiB: ELT_DEFAULTS.memorySize,
    reservedConcurrency: ELT_RESERVED_CONCURRENCY,
    trigger: resources.trigger,
    deadLetterAlarmName: deadLettersAlarmName(functionName),
  };
}

export function migrationsSpec(
  platform: Platform,
  resources: { readonly warehouse: LocalDeployment['warehouse']; readonly adminSecretArn: string },
): LocalFunctionSpec {
  return {
    functionName: migrationsFunctionName(platform),
    service: MIGRATIONS_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(MIGRATIONS_SERVICE_NAME),
    environment: {
      ...warehouseEnvironment(platform, resources.warehouse),
      WAREHOUSE_SECRET_ARN: resources.adminSecretArn,
      POWERTOOLS_SERVICE_NAME: MIGRATIONS_SERVICE_NAME,
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: MIGRATIONS_DEFAULTS.timeoutSeconds,
    memoryMiB: MIGRATIONS_DEFAULTS.memorySize,
    // The CloudFormation custom resource's Provider invokes it (migrationsCreateEvent).
    trigger: { kind: 'direct' },
  };
}

/** The recommendation export, as the MarketplaceApiStack gives it the warehouse and the model table. */
export function recommendationExportSpec(
  platform: Platform,
  resources: {
    readonly warehouse: LocalDeployment['warehouse'];
    readonly modelTableName: string;
    readonly trigger: AsyncTrigger;
  },
): LocalFunctionSpec {
  const functionName = exportFunctionName(platform);
  return {
    functionName,
    service: EXPORT_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(EXPORT_SERVICE_NAME),
    environment: {
      ...warehouseEnvironment(platform, resources.warehouse),
      RECOMMENDATION_MODEL_TABLE_NAME: resources.modelTableName,
      POWERTOOLS_SERVICE_NAME: EXPORT_SERVICE_NAME,
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: EXPORT_DEFAULTS.timeoutSeconds,
    memoryMiB: EXPORT_DEFAULTS.memorySize,
    reservedConcurrency: EXPORT_RESERVED_CONCURRENCY,
    trigger: resources.trigger,
    deadLetterAlarmName: deadLettersAlarmName(functionName),
  };
}

/** What the traffic monitor is given, besides the platform definition. */
export interface TrafficMonitorResources {
  readonly stateTableName: string;
  readonly onFailure: QueueRef;
  /** The cluster's ARN, as the MSK events name their source. */
  readonly clusterArn: string;
  /** How long the local mappings gather a batch. */
  readonly localBatchingWindowSeconds: number;
  /** `ALLOWED_LATENESS_SECONDS` here. @default the deployed default */
  readonly allowedLatenessSeconds?: number;
}

export function trafficMonitorSpec(
  platform: Platform,
  resources: TrafficMonitorResources,
): LocalFunctionSpec {
  const functionName = trafficMonitorFunctionName(platform);
  const { requests, audience } = monitoredTopics(platform);
  return {
    functionName,
    service: TRAFFIC_MONITOR_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(TRAFFIC_MONITOR_SERVICE_NAME),
    environment: {
      PLATFORM_ENV: platform.environmentName,
      STATE_TABLE_NAME: resources.stateTableName,
      EVENT_BUS_NAME: TRAFFIC_MONITOR_EVENT_BUS,
      ALLOWED_LATENESS_SECONDS: String(
        resources.allowedLatenessSeconds ?? TRAFFIC_MONITOR_DEFAULTS.allowedLatenessSeconds,
      ),
      PARTITION_IDLE_SECONDS: String(TRAFFIC_MONITOR_DEFAULTS.partitionIdleSeconds),
      INCIDENT_QUIET_MINUTES: String(TRAFFIC_MONITOR_DEFAULTS.incidentQuietMinutes),
      STATE_RETENTION_HOURS: String(TRAFFIC_MONITOR_DEFAULTS.stateRetentionHours),
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: TRAFFIC_MONITOR_DEFAULTS.timeoutSeconds,
    memoryMiB: TRAFFIC_MONITOR_DEFAULTS.memorySize,
    trigger: {
      kind: 'kafka',
      mappings: [requests, audience].map((topic) => ({
        topic: topic.name,
        consumerGroup: trafficMonitorConsumerGroup(platform, topic),
      })),
      batchSize: TRAFFIC_MONITOR_DEFAULTS.batchSize,
      maxBatchingWindowSeconds: resources.localBatchingWindowSeconds,
      maxRetryAttempts: TRAFFIC_MONITOR_DEFAULTS.maxRetryAttempts,
      deadLetterQueue: resources.onFailure,
      eventSourceArn: resources.clusterArn,
    },
    deadLetterAlarmName: deadLettersAlarmName(functionName),
  };
}

/** What the activity consumer is given, besides the platform definition. */
export interface RecordActivityResources {
  /** The recent-activity table (`RecommendationTables.recentActivity`). */
  readonly tableName: string;
  readonly onFailure: QueueRef;
  /** The cluster's ARN, as the MSK events name their source. */
  readonly clusterArn: string;
  /** How long the local mappings gather a batch. */
  readonly localBatchingWindowSeconds: number;
}

export function recordActivitySpec(
  platform: Platform,
  resources: RecordActivityResources,
): LocalFunctionSpec {
  const functionName = activityFunctionName(platform);
  return {
    functionName,
    service: ACTIVITY_SERVICE_NAME,
    handlerModule: lambdaHandlerEntry(ACTIVITY_SERVICE_NAME),
    environment: {
      PLATFORM_ENV: platform.environmentName,
      RECENT_ACTIVITY_TABLE_NAME: resources.tableName,
      ...PLATFORM_FUNCTION_ENVIRONMENT,
    },
    timeoutSeconds: ACTIVITY_DEFAULTS.timeoutSeconds,
    memoryMiB: ACTIVITY_DEFAULTS.memorySize,
    trigger: {
      kind: 'kafka',
      mappings: activityTopics(platform).map(({ topic }) => ({
        topic: topic.name,
        consumerGroup: activityConsumerGroup(platform, topic),
      })),
      batchSize: ACTIVITY_DEFAULTS.batchSize,
      maxBatchingWindowSeconds: resources.localBatchingWindowSeconds,
      maxRetryAttempts: ACTIVITY_DEFAULTS.maxRetryAttempts,
      deadLetterQueue: resources.onFailure,
      eventSourceArn: resources.clusterArn,
    },
    deadLetterAlarmName: deadLettersAlarmName(functionName),
  };
}

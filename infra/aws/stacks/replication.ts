import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  Fn,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_events as events,
  aws_lambda_event_sources as sources,
  aws_logs as logs,
  type aws_s3 as s3,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AZURE_FEDERATION_AUDIENCE, keyAlias, type Platform, type ZoneName } from '../../platform';
import { QueueConsumerAlarms } from '../constructs/lambda-alarms';
import { grantMirrorAccess } from '../grants/mirror-access';
import { mirroredZones } from '../props/mirrored-objects';
import { EventWorkQueue } from '../constructs/event-work-queue';
import { OutboundFederation } from '../constructs/outbound-federation';
import { PlatformFunction, type FunctionNetwork } from '../constructs/platform-function';
import { readTransferOptions } from '../options/transfer-options';
import { REPLICATION_OUTPUTS } from './replication-outputs';
import {
  mirroredDetailTypes,
  mirroredObjectsDetail,
  type AzureTarget,
  MIN_TRANSFER_MEMORY_MIB,
  TRANSFER_DEFAULTS,
  TRANSFER_METRIC_NAMESPACE,
  TRANSFER_SERVICE_NAME,
  mirrorRuleName,
  rewriteDeletesPattern,
  rewritesRuleName,
  rewrittenSources,
  transferFunctionName,
} from '../facts/replication';
import { lambdaHandlerEntry } from '../facts/functions';

/** Where the transfer function runs, and the addresses Azure sees its requests come from. */
export interface TransferEgress extends FunctionNetwork {
  /** Public IPv4 addresses of the NAT gateways behind `subnets` (`NetworkStack.egressAddresses`). */
  readonly publicIps: readonly string[];
}

export interface ReplicationStackProps extends StackProps {
  readonly platform: Platform;
  /**
   * The VPC placement with fixed egress addresses. Required: the storage firewall admits only
   * listed addresses, so a function without them could not reach Azure at all.
   */
  readonly egress: TransferEgress;
  /** The zone buckets (`DataLakeStack.zoneBuckets`); mirrored ones must carry their KMS key. */
  readonly zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>;
  /** The ADLS account and identity. @default from `-c adlsAccountUrl …` (see transfer-options.ts), placeholders when absent */
  readonly azureTarget?: AzureTarget;
  /** `COPY_MODE`. @default `-c copyMode`, else 'server-side' */
  readonly copyMode?: 'server-side' | 'streaming';
  /** Also route "Object Deleted" and set `MIRROR_DELETES`. @default `-c mirrorDeletes`, else false */
  readonly mirrorDeletes?: boolean;
  /** MiB, at least MIN_TRANSFER_MEMORY_MIB; more memory also buys CPU and bandwidth. @default 2048 */
  readonly memorySize?: number;
  /** @default Duration.minutes(10) */
  readonly timeout?: Duration;
  /** Caps the function and the SQS pollers alike. @default undefined (unreserved) */
  readonly reservedConcurrency?: number;
  /** Messages per invocation. @default 5 */
  readonly batchSize?: number;
  /** How long SQS gathers a batch. @default Duration.seconds(10) */
  readonly maxBatchingWindow?: Duration;
  /** `BLOCK_SIZE_MIB`: Put Block From URL size (server-side copies above 5000 MiB). @default 100 */
  readonly blockSizeMiB?: number;
  /** `COPY_CONCURRENCY`: Put Block From URL requests in flight. @default 8 */
  readonly copyConcurrency?: number;
  /** `STREAMING_BLOCK_SIZE_MIB`: bytes per ranged GET and Append Data of a streaming copy. @default 4 */
  readonly streamingBlockSizeMiB?: number;
  /** `STREAMING_CONCURRENCY`: ranges of a streaming copy in flight. @default 16 */
  readonly streamingConcurrency?: number;
  /** `PRESIGN_EXPIRY_SECONDS`: lifetime of the presigned source URL. @default Duration.minutes(15) */
  readonly presignExpiry?: Duration;
  /** Alarm when the oldest queued message is older than this. @default Duration.minutes(30) */
  readonly maxMessageAge?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Applied to the keys, the log group and the dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** The handler file. @default lambdas/s3-to-adls/handler.ts */
  readonly handlerEntry?: string;
}

/** Props that cannot work together; names the prop and the rule. */
export class ReplicationConfigurationError extends Error {
  override readonly name = 'ReplicationConfigurationError';
}

/**
 * The S3 → ADLS mirror (docs/architecture.md#transfer-azure-pulls-the-bytes): EventBridge rule →
 * SQS (+ DLQ) → transfer function, with least-privilege reads of exactly the mirrored prefixes, and
 * alarms whose state changes reach the alert topic through the failure-alerts function.
 */
export class ReplicationStack extends Stack {
  readonly transfer: PlatformFunction;
  readonly queue: EventWorkQueue;
  readonly rule: events.Rule;
  /**
   * Routes the deletes of objects the ETL rewrites (curated), which are mirrored even when
   * `mirrorDeletes` is off; absent when `mirrorDeletes` routes every delete already.
   */
  readonly rewritesRule?: events.Rule;
  readonly alarms: QueueConsumerAlarms;
  /** Enables the account's outbound federation; federated mode only. */
  readonly federation?: OutboundFederation;

  constructor(scope: Construct, id: string, props: ReplicationStackProps) {
    super(scope, id, props);
    // Strong (exports): the lake stack cannot be deleted while the mirror uses its keys.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { platform } = props;
    const options = readTransferOptions(this, platform.environmentName);
    const azureTarget = props.azureTarget ?? options.azureTarget;
    const copyMode = props.copyMode ?? options.copyMode ?? TRANSFER_DEFAULTS.copyMode;
    const mirrorDeletes =
      props.mirrorDeletes ?? options.mirrorDeletes ?? TRANSFER_DEFAULTS.mirrorDeletes;
    const memorySize = props.memorySize ?? TRANSFER_DEFAULTS.memorySize;
    const timeout = props.timeout ?? Duration.seconds(TRANSFER_DEFAULTS.timeoutSeconds);
    const batchSize = props.batchSize ?? TRANSFER_DEFAULTS.batchSize;
    const maxBatchingWindow =
      props.maxBatchingWindow ?? Duration.seconds(TRANSFER_DEFAULTS.maxBatchingWindowSeconds);
    const blockSizeMiB = props.blockSizeMiB ?? TRANSFER_DEFAULTS.blockSizeMiB;
    const copyConcurrency = props.copyConcurrency ?? TRANSFER_DEFAULTS.copyConcurrency;
    const streamingBlockSizeMiB =
      props.streamingBlockSizeMiB ?? TRANSFER_DEFAULTS.streamingBlockSizeMiB;
    const streamingConcurrency =
      props.streamingConcurrency ?? TRANSFER_DEFAULTS.streamingConcurrency;
    const presignExpiry =
      props.presignExpiry ?? Duration.seconds(TRANSFER_DEFAULTS.presignExpirySeconds);
    const maxMessageAge = props.maxMessageAge ?? Duration.minutes(30);
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    if (memorySize < MIN_TRANSFER_MEMORY_MIB) {
      throw new ReplicationConfigurationError(
        `memorySize ${memorySize} MiB is below the transfer's minimum of ${MIN_TRANSFER_MEMORY_MIB} MiB`,
      );
    }
    if (props.reservedConcurrency !== undefined && props.reservedConcurrency < 2) {
      throw new ReplicationConfigurationError(
        `reservedConcurrency must be at least 2 (the SQS event source's minimum maximumConcurrency), got ${props.reservedConcurrency}`,
      );
    }
    const zones = mirroredZones(platform, props.zoneBuckets, this.account, this.region);
    if (zones.length === 0) {
      throw new ReplicationConfigurationError(
        'no dataset is mirrored to Azure in any zone; the replication stack has nothing to do',
      );
    }

    const functionName = transferFunctionName(platform);
    this.transfer = new PlatformFunction(this, 'Transfer', {
      functionName,
      description: 'Mirrors S3 objects of mirrored datasets to ADLS Gen2',
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(TRANSFER_SERVICE_NAME),
      memorySize,
      timeout,
      ...(props.reservedConcurrency !== undefined && {
        reservedConcurrency: props.reservedConcurrency,
      }),
      environment: {
        PLATFORM_ENV: platform.environmentName,
        // The function mirrors only this account's lake buckets (its region is AWS_REGION).
        LAKE_ACCOUNT_ID: this.account,
        ADLS_ACCOUNT_URL: azureTarget.accountUrl,
        ADLS_AUTH_MODE: azureTarget.authMode,
        AZURE_TENANT_ID: azureTarget.tenantId,
        AZURE_CLIENT_ID: azureTarget.clientId,
        AZURE_FEDERATION_AUDIENCE,
        ...(azureTarget.clientSecretArn !== undefined && {
          AZURE_CLIENT_SECRET_ARN: azureTarget.clientSecretArn,
        }),
        COPY_MODE: copyMode,
        MIRROR_DELETES: String(mirrorDeletes),
        PRESIGN_EXPIRY_SECONDS: String(presignExpiry.toSeconds()),
        BLOCK_SIZE_MIB: String(blockSizeMiB),
        COPY_CONCURRENCY: String(copyConcurrency),
        STREAMING_BLOCK_SIZE_MIB: String(streamingBlockSizeMiB),
        STREAMING_CONCURRENCY: String(streamingConcurrency),
        POWERTOOLS_SERVICE_NAME: TRANSFER_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: TRANSFER_METRIC_NAMESPACE,
      },
      logRetention,
      logKeyAlias: keyAlias(platform, `${TRANSFER_SERVICE_NAME}-logs`),
      removalPolicy,
      network: props.egress,
    });

    this.queue = new EventWorkQueue(this, 'Work', {
      keyAlias: keyAlias(platform, `${TRANSFER_SERVICE_NAME}-queues`),
      // AWS's advice for SQS event sources: room for the retries Lambda makes when throttled.
      visibilityTimeout: Duration.seconds(6 * timeout.toSeconds()),
      removalPolicy,
    });

    this.rule = new events.Rule(this, 'MirrorRule', {
      ruleName: mirrorRuleName(platform),
      description: 'Routes S3 object events of mirrored datasets to the transfer queue',
      eventPattern: {
        source: ['aws.s3'],
        detailType: mirroredDetailTypes(mirrorDeletes),
        detail: mirroredObjectsDetail(zones),
      },
    });
    this.rule.addTarget(this.queue.targetFor(this.rule));

    const rewritten = rewrittenSources(platform, this.account, this.region);
    if (!mirrorDeletes && rewritten.length > 0) {
      const pattern = rewriteDeletesPattern(rewritten);
      this.rewritesRule = new events.Rule(this, 'RewritesRule', {
        ruleName: rewritesRuleName(platform),
        description: 'Routes deletes of objects the ETL rewrites to the transfer queue',
        eventPattern: {
          source: pattern.source,
          detailType: pattern['detail-type'],
          detail: pattern.detail,
        },
      });
      this.rewritesRule.addTarget(this.queue.targetFor(this.rewritesRule));
    }

    this.transfer.function.addEventSource(
      new sources.SqsEventSource(this.queue.queue, {
        batchSize,
        maxBatchingWindow,
        reportBatchItemFailures: true,
        // Without this, pollers outrun a reserved limit; throttled batches count as receives
        // and reach the DLQ without ever running.
        ...(props.reservedConcurrency !== undefined && {
          maxConcurrency: props.reservedConcurrency,
        }),
      }),
    );

    grantMirrorAccess(this.transfer, zones, azureTarget, AZURE_FEDERATION_AUDIENCE);

    this.alarms = new QueueConsumerAlarms(this, 'Alarms', {
      namePrefix: functionName,
      function: this.transfer.function,
      queue: this.queue.queue,
      deadLetterQueue: this.queue.deadLetterQueue,
      maxMessageAge,
    });

    // What the Azure side trusts (README "Linking the clouds"): the token issuer and its subject.
    if (azureTarget.authMode === 'federated') {
      this.federation = new OutboundFederation(this, 'OutboundFederation', {
        platform,
        logRetention,
        removalPolicy,
      });
      new CfnOutput(this, REPLICATION_OUTPUTS.issuerUrl, {
        value: this.federation.issuerUrl,
        description: "The account's outbound web identity federation issuer URL",
      });
    }
    new CfnOutput(this, REPLICATION_OUTPUTS.transferRoleArn, {
      value: this.transfer.role.roleArn,
      description: 'Role of the transfer function: the subject Azure federates',
    });
    new CfnOutput(this, REPLICATION_OUTPUTS.egressIps, {
      value: Fn.join(',', [...props.egress.publicIps]),
      description:
        "Public IPv4 addresses of the transfer function's NAT gateways: allowedIpRanges on the Azure side",
    });
  }
}

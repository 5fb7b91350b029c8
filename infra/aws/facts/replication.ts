/**
 * The mirror's facts, read by the constructs and the local deployment alike: the transfer
 * function's names and settings, the objects it mirrors, the rule's event filter, and the
 * Azure target it writes to.
 */
import {
  bucketName,
  isMirrored,
  isRewrittenByJobs,
  resourcePrefix,
  type Dataset,
  type Platform,
} from '../../platform';
import { objectEventDetail, type ObjectSource } from './object-events';

/** Powertools service name of the transfer function (its logs, metrics and traces). */
export const TRANSFER_SERVICE_NAME = 's3-to-adls';
/** Must equal `METRIC_NAMESPACE` of `lambdas/shared/observability.ts` (a unit test holds them together). */
export const TRANSFER_METRIC_NAMESPACE = 'HybridLake';
/**
 * The function's metric of transfer lag, one value per object event: seconds from the event's
 * time to its key mirrored (lambdas/s3-to-adls/README.md, "Observability").
 */
export const TRANSFER_LAG_METRIC = 'LagSeconds';

/** The defaults of ReplicationStackProps. */
export const TRANSFER_DEFAULTS = {
  copyMode: 'server-side',
  mirrorDeletes: false,
  memorySize: 2048,
  timeoutSeconds: 600,
  batchSize: 5,
  maxBatchingWindowSeconds: 10,
  blockSizeMiB: 100,
  copyConcurrency: 8,
  streamingBlockSizeMiB: 4,
  streamingConcurrency: 16,
  presignExpirySeconds: 900,
} as const;

/** `hybrid-lake-dev-s3-to-adls` */
export function transferFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${TRANSFER_SERVICE_NAME}`;
}

/** `hybrid-lake-dev-s3-to-adls-mirror`: the rule routing object events to the transfer queue. */
export function mirrorRuleName(platform: Platform): string {
  return `${transferFunctionName(platform)}-mirror`;
}

/**
 * The least memory the function is given. Neither copy mode buffers an object or a block (a
 * hashed streaming copy holds at most 64 MiB of ranges that ran ahead): the copying process
 * peaked under 200 MiB from 16 MiB to 1 GiB objects (docs/benchmarks.md).
 */
export const MIN_TRANSFER_MEMORY_MIB = 512;

/** Where a mirrored zone's objects live: its bucket's name and the key prefixes (`<dataset>/`) sent to ADLS. */
export type MirrorSource = ObjectSource;

/**
 * The zones that have at least one mirrored dataset, straight from the platform definition.
 * Pure: the local runtime routes its events with the same sources as the deployed rule.
 */
export function mirrorSources(platform: Platform, account: string, region: string): MirrorSource[] {
  return mirroredWhere(platform, account, region, () => true);
}

/**
 * The mirrored objects a job rewrites (`isRewrittenByJobs`): their deletes are mirrored whatever
 * `mirrorDeletes` says, or ADLS would keep each night's superseded files beside the new ones.
 */
export function rewrittenSources(
  platform: Platform,
  account: string,
  region: string,
): MirrorSource[] {
  return mirroredWhere(platform, account, region, isRewrittenByJobs);
}

function mirroredWhere(
  platform: Platform,
  account: string,
  region: string,
  include: (dataset: Dataset) => boolean,
): MirrorSource[] {
  return platform.zones
    .map((zone) => ({
      zone: zone.name,
      bucketName: bucketName(platform, zone.name, account, region),
      prefixes: platform.datasets
        .filter((dataset) => isMirrored(platform, zone.name, dataset) && include(dataset))
        .map((dataset) => `${dataset.name}/`),
    }))
    .filter((zone) => zone.prefixes.length > 0);
}

/** The `detail` filter of the mirror rule (see `objectEventDetail`). */
export const mirroredObjectsDetail = objectEventDetail;

/** The S3 event types the mirror rule routes: deletes only when they are mirrored. */
export function mirroredDetailTypes(mirrorDeletes: boolean): string[] {
  return mirrorDeletes ? ['Object Created', 'Object Deleted'] : ['Object Created'];
}

/** `hybrid-lake-dev-s3-to-adls-rewrites`: the rule routing deletes of rewritten objects. */
export function rewritesRuleName(platform: Platform): string {
  return `${transferFunctionName(platform)}-rewrites`;
}

/**
 * The event pattern of the rewrites rule: deletes of rewritten objects (`rewrittenSources`) made
 * by a request. S3 sets `reason` to "Lifecycle Expiration" on the deletes its lifecycle makes
 * (S3 user guide, "Using EventBridge"): those are not routed, because ADLS keeps the history
 * after S3 expires it. Pure, so the local deployment routes with the deployed pattern.
 */
export function rewriteDeletesPattern(sources: readonly MirrorSource[]): {
  source: string[];
  'detail-type': string[];
  detail: Record<string, unknown>;
} {
  const objects = objectEventDetail(sources);
  const byRequest = { reason: ['DeleteObject'] };
  return {
    source: ['aws.s3'],
    'detail-type': ['Object Deleted'],
    detail:
      '$or' in objects
        ? { $or: objects.$or.map((clause) => ({ ...clause, ...byRequest })) }
        : { ...objects, ...byRequest },
  };
}

/** Where the transfer function writes and how it proves who it is (`lambdas/s3-to-adls/config.ts`). */
export interface AzureTarget {
  /** Blob endpoint of the ADLS Gen2 account (`ADLS_ACCOUNT_URL`). */
  readonly accountUrl: string;
  /** Entra tenant of the account (`AZURE_TENANT_ID`). */
  readonly tenantId: string;
  /** Client id of the managed identity (federated) or app registration (`AZURE_CLIENT_ID`). */
  readonly clientId: string;
  /** Shared key exists for the local emulator only, so a deployed function never uses it. */
  readonly authMode: 'federated' | 'service-principal';
  /** Full Secrets Manager ARN of `{ "clientSecret": … }`; service-principal mode only. */
  readonly clientSecretArn?: string;
  /** True when any value above is a placeholder: synth works offline, the function cannot reach Azure. */
  readonly usesPlaceholders: boolean;
}

/**
 * Offline synth needs values; these can never reach a real account. `.invalid` is reserved
 * (RFC 2606) and never resolves, so a bearer token (valid for every storage account the identity
 * may use) is never sent to a host someone else could register. The nil GUID names no tenant.
 */
export const AZURE_TARGET_PLACEHOLDERS = {
  accountUrl: 'https://adls-account-not-configured.invalid',
  tenantId: '00000000-0000-0000-0000-000000000000',
  clientId: '00000000-0000-0000-0000-000000000000',
} as const;

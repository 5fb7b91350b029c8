/**
 * What every stack module of the local deployment receives: the cloud, the platform, the
 * clients, and the local settings (defaults applied once, here).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Platform } from '../../../infra/platform';
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { LocalQueueSettings } from './function-specs';

/**
 * How long a local work queue hides a received message (see `visibilityTimeoutSeconds`): short,
 * so redelivery and redrive happen within a run; long enough for a bundled cold start.
 */
export const LOCAL_VISIBILITY_TIMEOUT_SECONDS = 4;

export interface LocalDeployOptions {
  readonly platform: Platform;
  /**
   * How long the local SQS triggers gather a batch, instead of the CDK's (10 s for the transfer,
   * 30 s for registration), which would leave a laptop run idle. @default 1
   */
  readonly localBatchingWindowSeconds?: number;
  /**
   * Visibility timeout of every local work queue and inbox, instead of six function timeouts,
   * so a failed message is retried (and redriven) within the run. SQS-triggered functions get it
   * as their timeout too (`localQueueTimeout`). @default LOCAL_VISIBILITY_TIMEOUT_SECONDS
   */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Start the warehouse's engine while the rest deploys, as a workgroup is up before its first
   * statement, instead of on that statement (seconds). Off by default: a deployment that never
   * queries the warehouse should not pay for its engine. @default false
   */
  readonly startWarehouseEngine?: boolean;
}

export interface DeployContext extends LocalQueueSettings {
  readonly cloud: LocalCloud;
  readonly platform: Platform;
  readonly sqs: SQSClient;
  readonly events: EventBridgeClient;
  readonly startWarehouseEngine: boolean;
}

export function deployContext(cloud: LocalCloud, options: LocalDeployOptions): DeployContext {
  return {
    cloud,
    platform: options.platform,
    sqs: new SQSClient(cloud.clientConfig),
    events: new EventBridgeClient(cloud.clientConfig),
    localBatchingWindowSeconds: options.localBatchingWindowSeconds ?? 1,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? LOCAL_VISIBILITY_TIMEOUT_SECONDS,
    startWarehouseEngine: options.startWarehouseEngine ?? false,
  };
}

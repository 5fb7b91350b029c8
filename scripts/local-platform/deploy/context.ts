/**
 * What every stack module of the local deployment receives: the cloud, the platform, the
 * clients, and the local settings (defaults applied once, here).
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Platform } from '../../../infra/platform';
import type { LocalCloud } from '../../localcloud/server';
import type { LocalQueueSettings } from './function-specs';

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
   * as their timeout too (`localQueueTimeout`). @default 5
   */
  readonly visibilityTimeoutSeconds?: number;
}

export interface DeployContext extends LocalQueueSettings {
  readonly cloud: LocalCloud;
  readonly platform: Platform;
  readonly sqs: SQSClient;
  readonly events: EventBridgeClient;
}

export function deployContext(cloud: LocalCloud, options: LocalDeployOptions): DeployContext {
  return {
    cloud,
    platform: options.platform,
    sqs: new SQSClient(cloud.clientConfig),
    events: new EventBridgeClient(cloud.clientConfig),
    localBatchingWindowSeconds: options.localBatchingWindowSeconds ?? 1,
    visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? 5,
  };
}

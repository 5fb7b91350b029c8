/**
 * The traffic monitor of the StreamingStack, locally: its state table (`pk` S + `sk` S, TTL
 * `expiresAt`), the on-failure queue of its MSK mappings, and its spec. The mappings themselves
 * are the local Lambda service's (`lambda-runtime/kafka-mapping.ts`).
 */
import {
  TRAFFIC_STATE_TABLE,
  trafficMonitorFunctionName,
  trafficStateTableName,
} from '../../../infra/aws/facts/traffic';
import type { LocalFunctionSpec } from '../deployment';
import type { DeployContext } from './context';
import { createLocalTable } from './tables';
import { trafficMonitorSpec } from './function-specs';
import { createDeadLetterQueue } from './queues';
import { LOCAL_KAFKA_BATCHING_WINDOW_SECONDS, localKafkaClusterArn } from './streaming';

/**
 * How far past its end every partition must be before a minute closes, locally. The deployed two
 * minutes wait for log shippers and clients that send late; here every producer is a process on
 * this machine writing each partition in time order, and two minutes would only hold a live
 * alert back by two minutes (docs/decisions.md).
 */
export const LOCAL_ALLOWED_LATENESS_SECONDS = 10;

export async function deployTrafficMonitor(context: DeployContext): Promise<LocalFunctionSpec> {
  const { cloud, platform, sqs } = context;
  const tableName = trafficStateTableName(platform);
  await createLocalTable(cloud, tableName, TRAFFIC_STATE_TABLE);
  const onFailure = await createDeadLetterQueue(
    sqs,
    `${trafficMonitorFunctionName(platform)}-on-failure`,
  );
  return trafficMonitorSpec(platform, {
    stateTableName: tableName,
    onFailure,
    clusterArn: localKafkaClusterArn(cloud, platform),
    localBatchingWindowSeconds: LOCAL_KAFKA_BATCHING_WINDOW_SECONDS,
    allowedLatenessSeconds: LOCAL_ALLOWED_LATENESS_SECONDS,
  });
}

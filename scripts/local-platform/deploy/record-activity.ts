/**
 * The activity consumer of the MarketplaceApiStack, locally: the on-failure queue of its MSK
 * mappings and its spec, writing to the recent-activity table the recommendations' tables module
 * made. The mappings themselves are the local Lambda service's (`lambda-runtime/kafka-mapping.ts`).
 */
import { activityFunctionName } from '../../../infra/aws/facts/recommendations';
import type { LocalFunctionSpec, LocalRecommendationTables } from '../deployment';
import type { DeployContext } from './context';
import { recordActivitySpec } from './function-specs';
import { createDeadLetterQueue } from './queues';
import { LOCAL_KAFKA_BATCHING_WINDOW_SECONDS, localKafkaClusterArn } from './streaming';

export async function deployRecordActivity(
  context: DeployContext,
  tables: LocalRecommendationTables,
): Promise<LocalFunctionSpec> {
  const { cloud, platform, sqs } = context;
  const onFailure = await createDeadLetterQueue(
    sqs,
    `${activityFunctionName(platform)}-on-failure`,
  );
  return recordActivitySpec(platform, {
    tableName: tables.recentActivityTableName,
    onFailure,
    clusterArn: localKafkaClusterArn(cloud, platform),
    localBatchingWindowSeconds: LOCAL_KAFKA_BATCHING_WINDOW_SECONDS,
  });
}

/**
 * The whole platform deployed onto localcloud from the platform definition, stack by stack, with
 * the names, patterns and settings the CDK gives the deployed resources. What it returns is the
 * local runtime's map of the platform (`LocalDeployment`).
 */
import type { LocalCloud } from '@hybrid-lake/localcloud';
import type { LocalDeployment } from '../deployment';
import { deployAlerting } from './alerting';
import { deployCatalog } from './catalog';
import { deployContext, type LocalDeployOptions } from './context';
import { deployReplication } from './replication';
import { deployMarketplaceApi } from './marketplace-api';
import { deployRecordActivity } from './record-activity';
import { deployRecommendationExport } from './recommendation-export';
import { deployLocalTopics } from './streaming';
import { deployTrafficMonitor } from './traffic-monitor';
import { deployWarehouse } from './warehouse';
import { etlJobNames } from '../../../infra/aws/facts/etl';

export type { LocalDeployOptions } from './context';
export { LOCAL_VISIBILITY_TIMEOUT_SECONDS } from './context';
export { migrationsCreateEvent } from './migrations-event';
export { announceEltSuccess, exportRecommendationsEvent } from './export-event';
export { renderEventPattern } from './event-pattern';

export async function deployLocalPlatform(
  cloud: LocalCloud,
  options: LocalDeployOptions,
): Promise<LocalDeployment> {
  const context = deployContext(cloud, options);
  const { platform } = context;
  const jobNames = etlJobNames(platform);

  // Alerting first: every other stack's failures end there.
  const alerting = await deployAlerting(context);
  const { lake, transfer } = await deployReplication(context);
  const catalog = await deployCatalog(context, lake.buckets);
  const warehouse = await deployWarehouse(context, lake.buckets, jobNames.cleanToCurated);
  const topics = deployLocalTopics(context.cloud, platform);
  const trafficMonitor = await deployTrafficMonitor(context);
  const marketplaceApi = await deployMarketplaceApi(context);
  const recordActivity = await deployRecordActivity(context, marketplaceApi.recommendationTables);
  const recommendationExport = await deployRecommendationExport(context, {
    warehouse: warehouse.warehouse,
    modelTableName: marketplaceApi.recommendationTables.modelTableName,
  });

  return {
    platform,
    buckets: lake.buckets,
    fileSystems: lake.fileSystems,
    catalogTables: catalog.tables,
    functions: [
      transfer,
      catalog.registration,
      alerting.failureAlerts,
      warehouse.elt,
      warehouse.migrations,
      trafficMonitor,
      marketplaceApi.ingest,
      recordActivity,
      marketplaceApi.recommend,
      recommendationExport,
    ],
    marketplaceApi,
    alerts: alerting.alerts,
    secrets: {
      adlsSharedKeyArn: lake.sharedKeySecretArn,
      warehouseAdminArn: warehouse.adminSecretArn,
    },
    warehouse: warehouse.warehouse,
    topics,
    glueJobs: {
      rawToClean: jobNames.rawToClean,
      cleanToCurated: jobNames.cleanToCurated,
      streaming: platform.topics.map((topic) => jobNames.streaming(topic.name)),
    },
  };
}

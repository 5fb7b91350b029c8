/**
 * The recommendations' two tables of the MarketplaceApiStack (`RecommendationTables`), locally:
 * each user's recent activity and the nightly recommendation model.
 */
import {
  RECENT_ACTIVITY_TABLE,
  RECOMMENDATION_MODEL_TABLE,
  recentActivityTableName,
  recommendationModelTableName,
} from '../../../infra/aws/facts/recommendations';
import type { LocalRecommendationTables } from '../deployment';
import type { DeployContext } from './context';
import { createLocalTable } from './tables';

export async function deployRecommendationTables({
  cloud,
  platform,
}: DeployContext): Promise<LocalRecommendationTables> {
  const tables = {
    recentActivityTableName: recentActivityTableName(platform),
    modelTableName: recommendationModelTableName(platform),
  };
  await createLocalTable(cloud, tables.recentActivityTableName, RECENT_ACTIVITY_TABLE);
  await createLocalTable(cloud, tables.modelTableName, RECOMMENDATION_MODEL_TABLE);
  return tables;
}

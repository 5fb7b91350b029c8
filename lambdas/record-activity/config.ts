/**
 * The consumer's configuration, read once at cold start. The CDK sets these variables (none is
 * secret); the topics, their columns and how long activity is kept come from the platform
 * definition of `PLATFORM_ENV`.
 */
import { ACTIVITY_DEFAULTS, activityTopics } from '../../infra/aws/facts/activity';
import type { Platform } from '../../infra/platform';
import { requireEnv } from '../shared/env';
import type { ActivitySettings } from './activity-batch';
import { DEFAULT_UNPROCESSED_RETRY } from './activity-writes';

export interface ActivityConfig {
  /** `PLATFORM_ENV` */
  readonly platformEnv: string;
  /** `RECENT_ACTIVITY_TABLE_NAME`: the recent-activity table (RECENT_ACTIVITY_TABLE's layout). */
  readonly tableName: string;
}

export function loadActivityConfig(environment: NodeJS.ProcessEnv = process.env): ActivityConfig {
  return {
    platformEnv: requireEnv('PLATFORM_ENV', environment),
    tableName: requireEnv('RECENT_ACTIVITY_TABLE_NAME', environment),
  };
}

/** The topics, their columns and the retention, from the platform definition. */
export function activitySettings(platform: Platform): ActivitySettings {
  return {
    topics: activityTopics(platform),
    recentActivityDays: platform.marketplaceApi.recommendations.recentActivityDays,
    writes: { concurrency: ACTIVITY_DEFAULTS.writeConcurrency, retry: DEFAULT_UNPROCESSED_RETRY },
  };
}

/**
 * The recommender's configuration, read once at cold start. The CDK sets these variables (none
 * is secret: DynamoDB is called with the function's role); the route, the limits and the windows
 * come from the platform definition of `PLATFORM_ENV`.
 */
import { requireEnv } from '../shared/env';

export interface RecommendConfig {
  /** `PLATFORM_ENV` */
  readonly platformEnv: string;
  /** `RECENT_ACTIVITY_TABLE_NAME`: each customer's recent activity (`customer_id`, `activity_key`). */
  readonly recentActivityTableName: string;
  /** `RECOMMENDATION_MODEL_TABLE_NAME`: the nightly model (`pk`, `sk`) and its snapshot pointer. */
  readonly modelTableName: string;
  /** `ALLOWED_ORIGIN` @default undefined (no browser origin) */
  readonly allowedOrigin?: string;
}

export function loadRecommendConfig(environment: NodeJS.ProcessEnv = process.env): RecommendConfig {
  const allowedOrigin = environment.ALLOWED_ORIGIN?.trim();
  return {
    platformEnv: requireEnv('PLATFORM_ENV', environment),
    recentActivityTableName: requireEnv('RECENT_ACTIVITY_TABLE_NAME', environment),
    modelTableName: requireEnv('RECOMMENDATION_MODEL_TABLE_NAME', environment),
    ...(allowedOrigin && { allowedOrigin }),
  };
}

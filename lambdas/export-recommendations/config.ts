/**
 * The export's configuration, read once at cold start: the shared warehouse settings, the table it
 * fills and the platform environment whose definition says how much a profile holds and how long
 * a night stays readable. None of it is secret.
 */
import { requireEnv } from '../shared/env';
import { loadWarehouseConfig, type WarehouseConfig } from '../shared/warehouse/config';

export interface ExportConfig extends WarehouseConfig {
  /** `PLATFORM_ENV` */
  readonly platformEnv: string;
  /** `RECOMMENDATION_MODEL_TABLE_NAME`: the recommendation-model table (key `pk` S + `sk` S, TTL `expires_at`). */
  readonly modelTableName: string;
}

export function loadExportConfig(
  functionDirectory: string,
  environment: NodeJS.ProcessEnv = process.env,
): ExportConfig {
  return {
    ...loadWarehouseConfig(functionDirectory, environment),
    platformEnv: requireEnv('PLATFORM_ENV', environment),
    modelTableName: requireEnv('RECOMMENDATION_MODEL_TABLE_NAME', environment),
  };
}

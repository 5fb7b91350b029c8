/**
 * The registration function's configuration, read once at cold start. The CDK stack sets
 * `PLATFORM_ENV` and, for the buckets the function may act on, `LAKE_ACCOUNT_ID` (read with
 * `AWS_REGION` by lambdas/shared/lake-buckets.ts): buckets map to zones and key prefixes to
 * tables through the platform definition, and the Glue catalog is the account's default.
 */
import { requireEnv } from '../shared/env';

export interface RegistrationConfig {
  /** Platform environment whose definition names the buckets, databases and tables (`PLATFORM_ENV`). */
  readonly platformEnv: string;
}

export function loadRegistrationConfig(
  environment: NodeJS.ProcessEnv = process.env,
): RegistrationConfig {
  return { platformEnv: requireEnv('PLATFORM_ENV', environment) };
}

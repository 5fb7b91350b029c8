/**
 * Turns CLI arguments into a Data API session. Defaults are the local platform: localcloud's
 * endpoint and test credentials, the workgroup and database the platform definition names for
 * the environment, and the bucket names `bucketName()` gives localcloud's account and region.
 */
import { join } from 'node:path';
import { RedshiftDataClient, type RedshiftDataClientConfig } from '@aws-sdk/client-redshift-data';
import { bucketName, loadPlatform, resourcePrefix, type Platform } from '../../infra/platform';
import { WarehouseSession, type WarehouseTarget } from '../../lambdas/shared/warehouse/data-api';
import type { ConnectionArgs, MigrateArgs } from './args';

export const LOCAL_ENDPOINT = 'http://127.0.0.1:4566';
/** localcloud's defaults (scripts/localcloud/src/server.ts). */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

/** The repository's sql/ folder, from scripts/warehouse/. */
export const REPOSITORY_SQL_DIRECTORY = join(__dirname, '..', '..', 'sql');

export interface Connection {
  readonly platform: Platform;
  readonly target: WarehouseTarget;
  readonly endpoint: string;
  readonly sqlDirectory: string;
  readonly session: WarehouseSession;
}

/** Connection flags, and the secret only `migrate` takes. */
type TargetArgs = ConnectionArgs & Pick<MigrateArgs, 'secretArn'>;

export function targetFor(platform: Platform, args: TargetArgs): WarehouseTarget {
  return {
    // The workgroup is named like every other resource of the environment (WarehouseStack).
    workgroupName: args.workgroup ?? resourcePrefix(platform),
    database: args.database ?? platform.environment.warehouse.databaseName,
    ...(args.secretArn !== undefined && { secretArn: args.secretArn }),
  };
}

function clientConfig(endpoint: string): RedshiftDataClientConfig {
  if (endpoint === 'aws') return {};
  const local = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/?$/.test(endpoint);
  return {
    endpoint,
    region: process.env.AWS_REGION ?? LOCAL_REGION,
    // localcloud accepts its test key; a real endpoint uses the usual credential chain.
    ...(local &&
      process.env.AWS_ACCESS_KEY_ID === undefined && {
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
  };
}

export function connect(args: TargetArgs, options: { withEvent?: boolean } = {}): Connection {
  const platform = loadPlatform(args.env);
  const target = targetFor(platform, args);
  const endpoint = args.endpoint ?? LOCAL_ENDPOINT;
  const client = new RedshiftDataClient(clientConfig(endpoint));
  return {
    platform,
    target,
    endpoint,
    sqlDirectory: args.sqlDir ?? REPOSITORY_SQL_DIRECTORY,
    session: new WarehouseSession(client, target, { pollMs: 200, ...options }),
  };
}

/** The local zone bucket names, as the local lake creates them. */
export function localBucket(platform: Platform, zone: 'clean' | 'curated'): string {
  return bucketName(platform, zone, LOCAL_ACCOUNT, LOCAL_REGION);
}

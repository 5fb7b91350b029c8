/**
 * The configuration both warehouse functions share, read once at cold start: which workgroup
 * and database to reach, and where the bundled SQL files are.
 */
import { isAbsolute, join } from 'node:path';
import { ConfigurationError, requireEnv } from '../env';
import type { WarehouseTarget } from './data-api';

export interface WarehouseConfig {
  /** `WAREHOUSE_WORKGROUP` and `WAREHOUSE_DATABASE`. */
  readonly target: WarehouseTarget;
  /** `SQL_DIRECTORY`: absolute path holding `migrations/`, `loads/`, `transforms/`. @default `<function dir>/sql` */
  readonly sqlDirectory: string;
}

export function loadWarehouseConfig(
  functionDirectory: string,
  environment: NodeJS.ProcessEnv = process.env,
): WarehouseConfig {
  const sqlDirectory = environment.SQL_DIRECTORY ?? join(functionDirectory, 'sql');
  if (!isAbsolute(sqlDirectory))
    throw new ConfigurationError(
      `Environment variable SQL_DIRECTORY must be an absolute path; got "${sqlDirectory}"`,
    );
  return {
    target: {
      workgroupName: requireEnv('WAREHOUSE_WORKGROUP', environment),
      database: requireEnv('WAREHOUSE_DATABASE', environment),
    },
    sqlDirectory,
  };
}

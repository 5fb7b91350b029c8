/**
 * The migrations function's configuration, read once at cold start: the shared warehouse
 * settings plus the secret it connects with. Migrations create schemas, roles and grants, which
 * the function's own IAM identity (database user `IAMR:<role>`) may not do on a fresh namespace,
 * so they run as the namespace's admin user, whose credentials Redshift keeps in Secrets Manager.
 * Only the secret's ARN is configuration; the Data API reads the secret itself.
 */
import { ConfigurationError, requireEnv } from '../shared/env';
import { loadWarehouseConfig, type WarehouseConfig } from '../shared/warehouse/config';

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;

export function loadMigrationsConfig(
  functionDirectory: string,
  environment: NodeJS.ProcessEnv = process.env,
): WarehouseConfig {
  const shared = loadWarehouseConfig(functionDirectory, environment);
  const secretArn = requireEnv('WAREHOUSE_SECRET_ARN', environment);
  if (!SECRET_ARN.test(secretArn))
    throw new ConfigurationError(
      `Environment variable WAREHOUSE_SECRET_ARN must be a Secrets Manager secret ARN; got "${secretArn}"`,
    );
  return { ...shared, target: { ...shared.target, secretArn } };
}

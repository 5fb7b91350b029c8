import { ConfigurationError } from '../../../../lambdas/shared/env';
import { loadMigrationsConfig } from '../../../../lambdas/warehouse-migrations/config';

const SECRET_ARN =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:redshift!hybrid-lake-dev-warehouse_admin-AbC123';
const ENV = {
  WAREHOUSE_WORKGROUP: 'hybrid-lake-dev',
  WAREHOUSE_DATABASE: 'analytics',
  WAREHOUSE_SECRET_ARN: SECRET_ARN,
};

describe('loadMigrationsConfig', () => {
  it('reads the CDK contract: the target carries the admin secret, SQL beside the handler', () => {
    expect(loadMigrationsConfig('/var/task', ENV)).toEqual({
      target: { workgroupName: 'hybrid-lake-dev', database: 'analytics', secretArn: SECRET_ARN },
      sqlDirectory: '/var/task/sql',
    });
  });

  it.each([
    [{ WAREHOUSE_SECRET_ARN: undefined }, /WAREHOUSE_SECRET_ARN is required/],
    [{ WAREHOUSE_SECRET_ARN: ' ' }, /WAREHOUSE_SECRET_ARN is required/],
    [
      { WAREHOUSE_SECRET_ARN: 'redshift!hybrid-lake-dev-warehouse_admin' },
      /WAREHOUSE_SECRET_ARN must be a Secrets Manager secret ARN/,
    ],
    [
      { WAREHOUSE_SECRET_ARN: 'arn:aws:iam::123456789012:role/admin' },
      /WAREHOUSE_SECRET_ARN must be a Secrets Manager secret ARN/,
    ],
    [{ WAREHOUSE_WORKGROUP: '' }, /WAREHOUSE_WORKGROUP is required/],
  ])('refuses %p', (override, message) => {
    const environment = { ...ENV, ...override };
    expect(() => loadMigrationsConfig('/var/task', environment)).toThrow(ConfigurationError);
    expect(() => loadMigrationsConfig('/var/task', environment)).toThrow(message);
  });
});

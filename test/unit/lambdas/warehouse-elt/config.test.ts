import { ConfigurationError } from '../../../../lambdas/shared/env';
import { loadEltConfig } from '../../../../lambdas/warehouse-elt/config';

const ENV = {
  WAREHOUSE_WORKGROUP: 'hybrid-lake-dev',
  WAREHOUSE_DATABASE: 'analytics',
  CLEAN_BUCKET: 'hybrid-lake-dev-clean-123456789012-eu-west-1',
  CURATED_BUCKET: 'hybrid-lake-dev-curated-123456789012-eu-west-1',
  COPY_ROLE_ARN: 'arn:aws:iam::123456789012:role/hybrid-lake-dev-warehouse-copy',
  ML_ROLE_ARN: 'arn:aws:iam::123456789012:role/hybrid-lake-dev-warehouse-ml',
  ML_BUCKET: 'hybrid-lake-dev-warehouse-ml-123456789012-eu-west-1',
  ML_KMS_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
};

describe('loadEltConfig', () => {
  it('reads the CDK contract, with Parquet and <function dir>/sql by default', () => {
    expect(loadEltConfig('/var/task', ENV)).toEqual({
      target: { workgroupName: 'hybrid-lake-dev', database: 'analytics' },
      sqlDirectory: '/var/task/sql',
      copyFormat: 'parquet',
      variables: {
        CLEAN_BUCKET: ENV.CLEAN_BUCKET,
        CURATED_BUCKET: ENV.CURATED_BUCKET,
        COPY_ROLE_ARN: ENV.COPY_ROLE_ARN,
        COPY_FORMAT: 'FORMAT AS PARQUET',
      },
      modelVariables: {
        ML_ROLE_ARN: ENV.ML_ROLE_ARN,
        ML_BUCKET: ENV.ML_BUCKET,
        ML_KMS_KEY_ID: ENV.ML_KMS_KEY_ID,
      },
    });
  });

  it('takes COPY_FORMAT=json and an absolute SQL_DIRECTORY', () => {
    const config = loadEltConfig('/var/task', {
      ...ENV,
      COPY_FORMAT: 'json',
      SQL_DIRECTORY: '/opt/sql',
    });
    expect(config.variables.COPY_FORMAT).toBe("FORMAT AS JSON 'auto'");
    expect(config.sqlDirectory).toBe('/opt/sql');
  });

  it.each([
    [{ COPY_FORMAT: 'csv' }, /COPY_FORMAT must be one of parquet, json/],
    [{ SQL_DIRECTORY: 'sql' }, /SQL_DIRECTORY must be an absolute path/],
    [{ WAREHOUSE_WORKGROUP: '' }, /WAREHOUSE_WORKGROUP is required/],
    [{ WAREHOUSE_DATABASE: '' }, /WAREHOUSE_DATABASE is required/],
    [{ CLEAN_BUCKET: '' }, /CLEAN_BUCKET is required/],
    [{ CURATED_BUCKET: '' }, /CURATED_BUCKET is required/],
    [{ COPY_ROLE_ARN: '' }, /COPY_ROLE_ARN is required/],
    [{ ML_ROLE_ARN: '' }, /ML_ROLE_ARN is required/],
    [{ ML_BUCKET: '' }, /ML_BUCKET is required/],
    [{ ML_KMS_KEY_ID: '' }, /ML_KMS_KEY_ID is required/],
  ])('refuses %p', (override, message) => {
    expect(() => loadEltConfig('/var/task', { ...ENV, ...override })).toThrow(ConfigurationError);
    expect(() => loadEltConfig('/var/task', { ...ENV, ...override })).toThrow(message);
  });
});

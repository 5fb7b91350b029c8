import { loadExportConfig } from '../../../../lambdas/export-recommendations/config';
import { ConfigurationError } from '../../../../lambdas/shared/env';

const ENV = {
  PLATFORM_ENV: 'dev',
  WAREHOUSE_WORKGROUP: 'hybrid-lake-dev',
  WAREHOUSE_DATABASE: 'analytics',
  RECOMMENDATION_MODEL_TABLE_NAME: 'hybrid-lake-dev-recommendation-model',
};

describe('loadExportConfig', () => {
  it('reads the CDK contract, with <function dir>/sql by default', () => {
    expect(loadExportConfig('/var/task', ENV)).toEqual({
      target: { workgroupName: 'hybrid-lake-dev', database: 'analytics' },
      sqlDirectory: '/var/task/sql',
      platformEnv: 'dev',
      modelTableName: 'hybrid-lake-dev-recommendation-model',
    });
  });

  it.each(['PLATFORM_ENV', 'WAREHOUSE_WORKGROUP', 'RECOMMENDATION_MODEL_TABLE_NAME'])(
    'stops at cold start without %s',
    (name) => {
      expect(() => loadExportConfig('/var/task', { ...ENV, [name]: '' })).toThrow(
        new ConfigurationError(`Environment variable ${name} is required but not set`),
      );
    },
  );
});

import { loadRecommendConfig } from '../../../../lambdas/recommend/config';
import { ConfigurationError } from '../../../../lambdas/shared/env';

const ENVIRONMENT = {
  PLATFORM_ENV: 'dev',
  RECENT_ACTIVITY_TABLE_NAME: 'hybrid-lake-dev-recent-activity',
  RECOMMENDATION_MODEL_TABLE_NAME: 'hybrid-lake-dev-recommendation-model',
};

describe('loadRecommendConfig', () => {
  it('reads the tables and the origin', () => {
    expect(
      loadRecommendConfig({ ...ENVIRONMENT, ALLOWED_ORIGIN: ' https://shop.example ' }),
    ).toEqual({
      platformEnv: 'dev',
      recentActivityTableName: 'hybrid-lake-dev-recent-activity',
      modelTableName: 'hybrid-lake-dev-recommendation-model',
      allowedOrigin: 'https://shop.example',
    });
  });

  it('admits no browser origin by default', () => {
    expect(loadRecommendConfig(ENVIRONMENT)).not.toHaveProperty('allowedOrigin');
  });

  it.each(Object.keys(ENVIRONMENT))('fails at cold start without %s, naming it', (name) => {
    const environment: Record<string, string> = { ...ENVIRONMENT };
    delete environment[name];

    expect(() => loadRecommendConfig(environment)).toThrow(
      new ConfigurationError(`Environment variable ${name} is required but not set`),
    );
  });
});

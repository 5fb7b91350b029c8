import { ACTIVITY_DEFAULTS, activityConsumerGroup } from '../../../../infra/aws/facts/activity';
import { ConfigurationError } from '../../../../lambdas/shared/env';
import { activitySettings, loadActivityConfig } from '../../../../lambdas/record-activity/config';
import { platform } from './activity-fixtures';

const topics = () => activitySettings(platform).topics;

describe('the consumer configuration', () => {
  it('reads the environment and the table name it is given', () => {
    expect(
      loadActivityConfig({
        PLATFORM_ENV: 'dev',
        RECENT_ACTIVITY_TABLE_NAME: 'hybrid-lake-dev-recent-activity',
      }),
    ).toEqual({ platformEnv: 'dev', tableName: 'hybrid-lake-dev-recent-activity' });
  });

  it('refuses to start without its table', () => {
    expect(() => loadActivityConfig({ PLATFORM_ENV: 'dev' })).toThrow(ConfigurationError);
    expect(() => loadActivityConfig({ PLATFORM_ENV: 'dev' })).toThrow('RECENT_ACTIVITY_TABLE_NAME');
  });

  it("reads the definition's activity topics, with each dataset's id and time columns", () => {
    const settings = activitySettings(platform);

    expect(
      settings.topics.map(({ topic, recordIdColumn, eventTimeColumn, source }) => ({
        topic: topic.name,
        recordIdColumn,
        eventTimeColumn,
        source,
      })),
    ).toEqual([
      {
        topic: 'interactions',
        recordIdColumn: 'interaction_id',
        eventTimeColumn: 'interaction_time',
        source: 'interaction',
      },
      {
        topic: 'purchases',
        recordIdColumn: 'transaction_id',
        eventTimeColumn: 'transaction_time',
        source: 'purchase',
      },
    ]);
    expect(settings.recentActivityDays).toBe(
      platform.marketplaceApi.recommendations.recentActivityDays,
    );
    expect(settings.writes.concurrency).toBe(ACTIVITY_DEFAULTS.writeConcurrency);
  });

  it('names one consumer group per topic after the function', () => {
    expect(topics().map(({ topic }) => activityConsumerGroup(platform, topic))).toEqual([
      'hybrid-lake-dev-record-activity-interactions',
      'hybrid-lake-dev-record-activity-purchases',
    ]);
  });
});

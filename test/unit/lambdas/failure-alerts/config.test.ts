import { loadAlertConfig } from '../../../../lambdas/failure-alerts/config';
import { ConfigurationError } from '../../../../lambdas/shared/env';

const ENV = {
  PLATFORM_ENV: 'dev',
  ALERT_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:hybrid-lake-dev-alerts',
  DEDUPE_TABLE_NAME: 'hybrid-lake-dev-alert-dedupe',
  RUNBOOK_BASE_URL: 'https://github.com/example/hybrid-lake/blob/main/docs/runbooks/',
};

describe('loadAlertConfig', () => {
  it('reads the CDK contract, trimming the runbook base URL', () => {
    expect(loadAlertConfig(ENV)).toEqual({
      platformEnv: 'dev',
      topicArn: ENV.ALERT_TOPIC_ARN,
      dedupeTableName: ENV.DEDUPE_TABLE_NAME,
      dedupeWindowSeconds: 300,
      runbookBaseUrl: 'https://github.com/example/hybrid-lake/blob/main/docs/runbooks',
    });
  });

  it('defaults DEDUPE_WINDOW_SECONDS to 300 and takes an explicit value', () => {
    expect(loadAlertConfig(ENV).dedupeWindowSeconds).toBe(300);
    expect(loadAlertConfig({ ...ENV, DEDUPE_WINDOW_SECONDS: '60' }).dedupeWindowSeconds).toBe(60);
  });

  it.each(['PLATFORM_ENV', 'ALERT_TOPIC_ARN', 'DEDUPE_TABLE_NAME', 'RUNBOOK_BASE_URL'])(
    'requires %s',
    (name) => {
      expect(() => loadAlertConfig({ ...ENV, [name]: '' })).toThrow(
        new ConfigurationError(`Environment variable ${name} is required but not set`),
      );
    },
  );

  it('takes a repository path for runbooks that are not published anywhere', () => {
    expect(loadAlertConfig({ ...ENV, RUNBOOK_BASE_URL: 'docs/runbooks/' }).runbookBaseUrl).toBe(
      'docs/runbooks',
    );
  });

  it.each([
    ['ALERT_TOPIC_ARN', 'hybrid-lake-dev-alerts', /SNS topic ARN/],
    ['RUNBOOK_BASE_URL', '/etc/runbooks', /http\(s\) URL or a repository path/],
    ['RUNBOOK_BASE_URL', 'docs/../../secrets', /http\(s\) URL or a repository path/],
    ['RUNBOOK_BASE_URL', 'ftp://example.com/runbooks', /http\(s\) URL/],
    ['DEDUPE_WINDOW_SECONDS', '0', /positive integer/],
  ])('refuses %s=%p', (name, value, message) => {
    expect(() => loadAlertConfig({ ...ENV, [name]: value })).toThrow(message);
  });
});

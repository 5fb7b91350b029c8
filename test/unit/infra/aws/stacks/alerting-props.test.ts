import { existsSync } from 'node:fs';
import { App, Duration, RemovalPolicy, aws_logs as logs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { RunbookUrlOptionError } from '../../../../../infra/aws/options/runbook-url';
import { AlertingStack, type AlertingStackProps } from '../../../../../infra/aws/stacks/alerting';
import { loadPlatform } from '../../../../../infra/platform';
import { lambdaHandlerEntry } from '../../../../../infra/aws/facts/functions';
import { DEFAULT_RUNBOOK_BASE_URL } from '../../../../../infra/aws/facts/alerting';

type Json = Record<string, any>;

function only(template: Template, type: string): Json {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}

/** An AlertingStack built directly, with only the props the app must always pass. */
function alertingStack(props: Partial<AlertingStackProps> = {}, context: Json = {}): Template {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  return Template.fromStack(
    new AlertingStack(app, 'Alerts', { platform: loadPlatform('dev'), ...props }),
  );
}

describe('AlertingStack and FailureAlertsOptions defaults', () => {
  const template = alertingStack();
  const fn = only(template, 'AWS::Lambda::Function');
  const variables = fn.Environment.Variables as Json;

  it('runbookBaseUrl: the docs/runbooks folder of the repository', () => {
    expect(DEFAULT_RUNBOOK_BASE_URL).toBe('docs/runbooks');
    expect(variables.RUNBOOK_BASE_URL).toBe(DEFAULT_RUNBOOK_BASE_URL);
  });
  it('dedupeWindow: 5 minutes', () => expect(variables.DEDUPE_WINDOW_SECONDS).toBe('300'));
  it('memorySize: 256 MiB', () => expect(fn.MemorySize).toBe(256));
  it('timeout: 30 s', () => expect(fn.Timeout).toBe(30));
  it('logRetention: three months', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/hybrid-lake-dev-failure-alerts',
      RetentionInDays: 90,
    });
  });
  it('handlerEntry: lambdas/failure-alerts/handler.ts', () => {
    const entry = lambdaHandlerEntry('failure-alerts');
    expect(entry).toMatch(/\/lambdas\/failure-alerts\/handler\.ts$/);
    // Bundling is skipped here: an existing entry becomes an asset, a missing one the stub.
    if (existsSync(entry))
      expect(fn.Code).toEqual({
        S3Bucket: expect.anything(),
        S3Key: expect.stringMatching(/\.zip$/),
      });
    else expect(fn.Code.ZipFile).toContain('handler not bundled');
  });
  it('removalPolicy: RETAIN (asserted per resource type in stack-defaults.test.ts)', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });
});

describe('AlertingStack props and -c options', () => {
  it('applies the window, sizing, retention and removal given as props', () => {
    const template = alertingStack({
      failureAlerts: {
        dedupeWindow: Duration.minutes(15),
        memorySize: 512,
        timeout: Duration.minutes(1),
        logRetention: logs.RetentionDays.ONE_MONTH,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const fn = only(template, 'AWS::Lambda::Function');

    expect(fn).toMatchObject({ MemorySize: 512, Timeout: 60 });
    expect(fn.Environment.Variables.DEDUPE_WINDOW_SECONDS).toBe('900');
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ RetentionInDays: 30 }),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
  });

  it('links the runbooks given with -c runbookBaseUrl, without a trailing slash', () => {
    const fn = only(
      alertingStack({}, { runbookBaseUrl: 'https://git.example.com/data/hybrid-lake/runbooks/' }),
      'AWS::Lambda::Function',
    );

    expect(fn.Environment.Variables.RUNBOOK_BASE_URL).toBe(
      'https://git.example.com/data/hybrid-lake/runbooks',
    );
  });

  it('prefers the runbookBaseUrl prop over -c', () => {
    const fn = only(
      alertingStack(
        { runbookBaseUrl: 'https://wiki.example.com/runbooks' },
        { runbookBaseUrl: 'https://git.example.com/runbooks' },
      ),
      'AWS::Lambda::Function',
    );

    expect(fn.Environment.Variables.RUNBOOK_BASE_URL).toBe('https://wiki.example.com/runbooks');
  });

  it.each(['http://git.example.com/runbooks', 'docs/runbooks'])(
    'refuses -c runbookBaseUrl=%s',
    (value) => {
      expect(() => alertingStack({}, { runbookBaseUrl: value })).toThrow(RunbookUrlOptionError);
      expect(() => alertingStack({}, { runbookBaseUrl: value })).toThrow(
        '-c runbookBaseUrl must be an https:// URL',
      );
    },
  );
});

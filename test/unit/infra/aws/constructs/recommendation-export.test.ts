import { App, Duration, Stack, aws_logs as logs } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  RecommendationExport,
  type RecommendationExportOptions,
} from '../../../../../infra/aws/constructs/recommendation-export';
import { RecommendationTables } from '../../../../../infra/aws/constructs/recommendation-tables';
import { EXPORT_DEFAULTS } from '../../../../../infra/aws/facts/recommendation-export';
import { SQL_SOURCE_DIRECTORY } from '../../../../../infra/aws/facts/warehouse';
import { cdkJsonContext } from '../../../../../infra/aws/synthesize';
import { loadPlatform } from '../../../../../infra/platform';

type Json = Record<string, any>;

/** The export alone in a stack (its handler not bundled), with `options`. */
function exportTemplate(options: RecommendationExportOptions = {}): Template {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new Stack(app, 'Stack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const platform = loadPlatform('dev');
  new RecommendationExport(stack, 'Export', {
    ...options,
    platform,
    modelTable: new RecommendationTables(stack, 'Tables', { platform }).model,
    warehouse: {
      workgroupName: 'hybrid-lake-dev',
      workgroupArn: 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/abc',
      databaseName: 'analytics',
      sqlDirectory: SQL_SOURCE_DIRECTORY,
      eltFunctionArn:
        'arn:aws:lambda:eu-west-1:123456789012:function:hybrid-lake-dev-warehouse-elt',
    },
  });
  return Template.fromStack(stack);
}

const functionOf = (template: Template): Json =>
  Object.values(
    template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'hybrid-lake-dev-export-recommendations' },
    }),
  )[0]!.Properties as Json;

describe('RecommendationExportOptions defaults', () => {
  const template = exportTemplate();
  const fn = functionOf(template);

  it('memorySize: 512', () => expect(fn.MemorySize).toBe(EXPORT_DEFAULTS.memorySize));
  it('timeout: 15 minutes', () => expect(fn.Timeout).toBe(900));
  it('retryAttempts: 2', () =>
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 }));
  it('logRetention: three months', () =>
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/hybrid-lake-dev-export-recommendations',
      RetentionInDays: 90,
    }));
});

describe('RecommendationExportOptions, given', () => {
  it('sizes, retries and keeps logs as told', () => {
    const template = exportTemplate({
      memorySize: 1024,
      timeout: Duration.minutes(5),
      retryAttempts: 0,
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    const fn = functionOf(template);

    expect([fn.MemorySize, fn.Timeout]).toEqual([1024, 300]);
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });
});

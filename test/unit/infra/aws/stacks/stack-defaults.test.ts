import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AlertingStack } from '../../../../../infra/aws/stacks/alerting';
import { DataLakeStack } from '../../../../../infra/aws/stacks/data-lake';
import { loadPlatform } from '../../../../../infra/platform';

// The app always passes these props; here they are omitted to test the documented @defaults.
describe('stack prop defaults', () => {
  const platform = loadPlatform('dev');

  it('DataLakeStack retains buckets and keys', () => {
    const template = Template.fromStack(new DataLakeStack(new App(), 'Lake', { platform }));

    for (const type of ['AWS::S3::Bucket', 'AWS::KMS::Key']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Retain');
      }
    }
  });

  it('AlertingStack retains its keys, dedupe table, log group and DLQ, and subscribes nobody without an e-mail', () => {
    const template = Template.fromStack(
      new AlertingStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Alerts', {
        platform,
      }),
    );

    for (const type of [
      'AWS::KMS::Key',
      'AWS::DynamoDB::Table',
      'AWS::Logs::LogGroup',
      'AWS::SQS::Queue',
    ]) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.DeletionPolicy).toBe('Retain');
    }
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });
});

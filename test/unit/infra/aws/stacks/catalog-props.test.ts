import { App, Duration, RemovalPolicy, aws_logs as logs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { FunctionHandlerMissingError } from '../../../../../infra/aws/constructs/platform-function';
import { PartitionRegistrationError } from '../../../../../infra/aws/constructs/partition-registration';
import { CatalogStack, type CatalogStackProps } from '../../../../../infra/aws/stacks/catalog';
import { DataLakeStack } from '../../../../../infra/aws/stacks/data-lake';
import { loadPlatform, type Platform } from '../../../../../infra/platform';
import { definitionWith } from '../../../../fixtures/platform';
import { lambdaHandlerEntry } from '../../../../../infra/aws/facts/functions';

type Json = Record<string, any>;

function only(template: Template, type: string): Json {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}

/** A CatalogStack built directly, with only the props the app must always pass. */
function catalogStack(
  props: Partial<CatalogStackProps> = {},
  {
    bundling = false,
    platform = loadPlatform('dev'),
  }: { bundling?: boolean; platform?: Platform } = {},
) {
  const app = new App({ context: bundling ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const lake = new DataLakeStack(app, 'Lake', { platform });
  return new CatalogStack(app, 'Catalog', { platform, zoneBuckets: lake.zoneBuckets, ...props });
}

describe('CatalogStack and PartitionRegistrationOptions defaults', () => {
  const template = Template.fromStack(catalogStack());
  const fn = only(template, 'AWS::Lambda::Function');
  const mapping = only(template, 'AWS::Lambda::EventSourceMapping');

  it('memorySize: 512 MiB', () => expect(fn.MemorySize).toBe(512));
  it('timeout: 2 minutes, so the visibility timeout is 12.5 minutes', () => {
    expect(fn.Timeout).toBe(120);
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 750 });
  });
  it('batchSize: 1000', () => expect(mapping.BatchSize).toBe(1000));
  it('maxBatchingWindow: 30 s', () => expect(mapping.MaximumBatchingWindowInSeconds).toBe(30));
  it('maxMessageAge: 30 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 1800,
    });
  });
  it('logRetention: three months', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
  it('handlerEntry: lambdas/register-partitions/handler.ts', () => {
    const entry = lambdaHandlerEntry('register-partitions');
    expect(entry).toBe(join(__dirname, '../../../../../lambdas/register-partitions/handler.ts'));
    // Before the handler is written, a synth that skips bundling deploys a stub, and one that
    // bundles names the file it looked for.
    if (existsSync(entry))
      expect(fn.Code).toEqual({
        S3Bucket: expect.anything(),
        S3Key: expect.stringMatching(/\.zip$/),
      });
    else {
      expect(fn.Code.ZipFile).toContain('handler not bundled');
      expect(() => catalogStack({}, { bundling: true })).toThrow(entry);
    }
  });
  it('removalPolicy: RETAIN for databases, tables, keys, log group and dead-letter queue', () => {
    for (const type of [
      'AWS::Glue::Database',
      'AWS::Glue::Table',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
    ]) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Retain');
      }
    }
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ RedrivePolicy: Match.absent() }),
    });
  });
});

describe('CatalogStack props', () => {
  it('applies sizing, batching, alarm threshold, retention and removal given as props', () => {
    const template = Template.fromStack(
      catalogStack({
        registration: {
          memorySize: 1024,
          timeout: Duration.minutes(1),
          batchSize: 100,
          maxBatchingWindow: Duration.seconds(5),
          maxMessageAge: Duration.hours(1),
          logRetention: logs.RetentionDays.ONE_MONTH,
        },
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    );

    expect(only(template, 'AWS::Lambda::Function')).toMatchObject({
      MemorySize: 1024,
      Timeout: 60,
    });
    expect(only(template, 'AWS::Lambda::EventSourceMapping')).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 5,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 365 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 3600 });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ RetentionInDays: 30 }),
    });
    for (const resource of Object.values(template.findResources('AWS::Glue::Table')))
      expect(resource.DeletionPolicy).toBe('Delete');
  });

  it('writes a json dataset with the text input format and the OpenX JSON SerDe', () => {
    const platform = loadPlatform(
      'dev',
      definitionWith((definition) => {
        definition.datasets.find((dataset) => dataset.name === 'customers')!.format = 'json';
      }),
    );
    const template = Template.fromStack(catalogStack({}, { platform }));

    template.hasResourceProperties('AWS::Glue::Table', {
      TableInput: Match.objectLike({
        Name: 'customers',
        Parameters: { EXTERNAL: 'TRUE', classification: 'json' },
        StorageDescriptor: Match.objectLike({
          InputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          OutputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          SerdeInfo: {
            SerializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            Parameters: { 'serialization.format': '1' },
          },
        }),
      }),
    });
  });

  it('refuses a definition where every dataset projects its partitions', () => {
    const platform = loadPlatform(
      'dev',
      definitionWith((definition) => {
        const webLogs = definition.datasets.find((dataset) => dataset.name === 'web_logs')!;
        for (const dataset of definition.datasets) {
          dataset.partitionProjection = true;
          dataset.partitionKeys = webLogs.partitionKeys;
        }
      }),
    );

    expect(() => catalogStack({}, { platform })).toThrow(PartitionRegistrationError);
  });

  it('synthesizes without bundling before the handler exists, with a stub that throws', () => {
    const fn = only(
      Template.fromStack(
        catalogStack({ registration: { handlerEntry: '/nonexistent/handler.ts' } }),
      ),
      'AWS::Lambda::Function',
    );

    expect(fn.Code.ZipFile).toContain('throw new Error("handler not bundled")');
  });

  it('fails clearly when a synth must bundle a handler that does not exist', () => {
    expect(() =>
      catalogStack(
        { registration: { handlerEntry: '/nonexistent/handler.ts' } },
        { bundling: true },
      ),
    ).toThrow(FunctionHandlerMissingError);
  });
});

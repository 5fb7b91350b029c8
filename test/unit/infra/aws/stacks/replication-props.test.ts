import { App, Duration, RemovalPolicy, aws_logs as logs } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { FunctionHandlerMissingError } from '../../../../../infra/aws/constructs/platform-function';
import { DataLakeStack } from '../../../../../infra/aws/stacks/data-lake';
import { NetworkStack } from '../../../../../infra/aws/stacks/network';
import {
  ReplicationConfigurationError,
  ReplicationStack,
  type ReplicationStackProps,
} from '../../../../../infra/aws/stacks/replication';
import { loadPlatform } from '../../../../../infra/platform';
import { named, only } from './replication-template';

type Json = Record<string, any>;

/** A ReplicationStack built directly, with only the props the app must always pass. */
function replicationStack(props: Partial<ReplicationStackProps> = {}, bundling = false) {
  const app = new App({ context: bundling ? {} : { 'aws:cdk:bundling-stacks': [] } });
  const platform = loadPlatform('dev');
  const lake = new DataLakeStack(app, 'Lake', { platform });
  const network = new NetworkStack(app, 'Network', { platform });
  return new ReplicationStack(app, 'Replication', {
    platform,
    zoneBuckets: lake.zoneBuckets,
    egress: network.transferEgress,
    ...props,
  });
}

describe('ReplicationStack prop defaults', () => {
  const template = Template.fromStack(replicationStack());
  const fn = only(template, 'AWS::Lambda::Function');
  const variables = fn.Environment.Variables as Json;
  const mapping = only(template, 'AWS::Lambda::EventSourceMapping');

  it('azureTarget: placeholders that cannot reach any account, federated', () => {
    expect(variables).toMatchObject({
      ADLS_ACCOUNT_URL: 'https://adls-account-not-configured.invalid',
      AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000000',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000000',
      ADLS_AUTH_MODE: 'federated',
    });
  });
  it('copyMode: server-side', () => expect(variables.COPY_MODE).toBe('server-side'));
  it('mirrorDeletes: false', () => {
    expect(variables.MIRROR_DELETES).toBe('false');
    expect(named(template, 'AWS::Events::Rule', 'MirrorRule').EventPattern['detail-type']).toEqual([
      'Object Created',
    ]);
    expect(
      named(template, 'AWS::Events::Rule', 'RewritesRule').EventPattern['detail-type'],
    ).toEqual(['Object Deleted']);
  });
  it('memorySize: 2048 MiB', () => expect(fn.MemorySize).toBe(2048));
  it('timeout: 10 minutes, so the visibility timeout is 60', () => {
    expect(fn.Timeout).toBe(600);
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 3600 });
  });
  it('reservedConcurrency: none, and no cap on the pollers', () => {
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
    expect(mapping.ScalingConfig).toBeUndefined();
  });
  it('batchSize: 5', () => expect(mapping.BatchSize).toBe(5));
  it('maxBatchingWindow: 10 s', () => expect(mapping.MaximumBatchingWindowInSeconds).toBe(10));
  it('blockSizeMiB: 100', () => expect(variables.BLOCK_SIZE_MIB).toBe('100'));
  it('copyConcurrency: 8', () => expect(variables.COPY_CONCURRENCY).toBe('8'));
  it('streamingBlockSizeMiB: 4', () => expect(variables.STREAMING_BLOCK_SIZE_MIB).toBe('4'));
  it('streamingConcurrency: 16', () => expect(variables.STREAMING_CONCURRENCY).toBe('16'));
  it('presignExpiry: 15 minutes', () => expect(variables.PRESIGN_EXPIRY_SECONDS).toBe('900'));
  it('maxMessageAge: 30 minutes', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 1800,
    });
  });
  it('logRetention: three months', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });
  it('removalPolicy: RETAIN for the keys, the log group and the dead-letter queue', () => {
    for (const type of ['AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Retain');
      }
    }
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ RedrivePolicy: Match.absent() }),
    });
  });
  it('handlerEntry: lambdas/s3-to-adls/handler.ts, bundled as an asset', () => {
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Code).toEqual({
      S3Bucket: expect.anything(),
      S3Key: expect.stringMatching(/\.zip$/),
    });
  });
});

describe('ReplicationStack props', () => {
  it('reserves concurrency and caps the SQS pollers at the same number', () => {
    const template = Template.fromStack(replicationStack({ reservedConcurrency: 10 }));

    expect(only(template, 'AWS::Lambda::Function').ReservedConcurrentExecutions).toBe(10);
    expect(only(template, 'AWS::Lambda::EventSourceMapping').ScalingConfig).toEqual({
      MaximumConcurrency: 10,
    });
  });

  it('applies sizes, batching, alarm threshold and retention given as props', () => {
    const template = Template.fromStack(
      replicationStack({
        memorySize: 1024,
        blockSizeMiB: 32,
        copyConcurrency: 4,
        timeout: Duration.minutes(5),
        batchSize: 2,
        maxBatchingWindow: Duration.seconds(0),
        maxMessageAge: Duration.hours(1),
        logRetention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    );

    expect(only(template, 'AWS::Lambda::Function')).toMatchObject({
      MemorySize: 1024,
      Timeout: 300,
    });
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: 1800 });
    expect(only(template, 'AWS::Lambda::EventSourceMapping')).toMatchObject({
      BatchSize: 2,
      MaximumBatchingWindowInSeconds: 0,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 3600 });
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ RetentionInDays: 30 }),
    });
  });

  it('passes the streaming copy settings given as props to the function', () => {
    const template = Template.fromStack(
      replicationStack({ streamingBlockSizeMiB: 16, streamingConcurrency: 2 }),
    );

    expect(only(template, 'AWS::Lambda::Function').Environment.Variables).toMatchObject({
      STREAMING_BLOCK_SIZE_MIB: '16',
      STREAMING_CONCURRENCY: '2',
    });
  });

  it('refuses a memory size below the measured minimum, and accepts the minimum', () => {
    expect(() => replicationStack({ memorySize: 511 })).toThrow(ReplicationConfigurationError);
    expect(() => replicationStack({ memorySize: 511 })).toThrow(
      "memorySize 511 MiB is below the transfer's minimum of 512 MiB",
    );
    expect(() => replicationStack({ memorySize: 512 })).not.toThrow();
  });

  it('refuses a reserved concurrency below the event source minimum of 2', () => {
    expect(() => replicationStack({ reservedConcurrency: 1 })).toThrow(
      'reservedConcurrency must be at least 2',
    );
  });

  it('synthesizes without bundling before the handler exists, with a stub that throws', () => {
    const fn = only(
      Template.fromStack(replicationStack({ handlerEntry: '/nonexistent/handler.ts' })),
      'AWS::Lambda::Function',
    );

    expect(fn.Handler).toBe('index.handler');
    expect(fn.Code.ZipFile).toContain('throw new Error("handler not bundled")');
  });

  it('fails clearly when a synth must bundle a handler that does not exist', () => {
    expect(() => replicationStack({ handlerEntry: '/nonexistent/handler.ts' }, true)).toThrow(
      FunctionHandlerMissingError,
    );
  });
});

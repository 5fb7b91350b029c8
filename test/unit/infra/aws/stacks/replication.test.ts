import { Match, Template } from 'aws-cdk-lib/assertions';
import { isMirrored, loadPlatform, type ZoneName } from '../../../../../infra/platform';
import { loadTransferConfig } from '../../../../../lambdas/s3-to-adls/config';
import { METRIC_NAMESPACE } from '../../../../../lambdas/shared/observability';
import { synth } from '../../../../fixtures/synth';
import { named, only } from './replication-template';

type Json = Record<string, any>;

/** The replication template of the platform app synthesized with `-c` context. */
function appTemplate(context: Record<string, unknown>): Template {
  const { assembly, stacks } = synth(context);
  return Template.fromJSON(
    assembly.getStackByName(stacks.replication.stackName).template as Record<string, unknown>,
  );
}

/** `hybrid-lake-<env>-<zone>-<account>-<region>` as the template spells it. */
const bucketName = (env: string, zone: ZoneName) => ({
  'Fn::Join': ['', [`hybrid-lake-${env}-${zone}-`, { Ref: 'AWS::AccountId' }, '-eu-west-1']],
});

describe('ReplicationStack (prod)', () => {
  const platform = loadPlatform('prod');
  const template = appTemplate({ env: 'prod' });
  const mirrored = (zone: ZoneName) =>
    platform.datasets.filter((dataset) => isMirrored(platform, zone, dataset)).map((d) => d.name);
  const functionProps = only(template, 'AWS::Lambda::Function');

  it('runs the transfer on Node.js 22, arm64, with X-Ray, JSON logs and its own log group', () => {
    expect(functionProps).toMatchObject({
      FunctionName: 'hybrid-lake-prod-s3-to-adls',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 2048,
      Timeout: 600,
      TracingConfig: { Mode: 'Active' },
      LoggingConfig: {
        LogFormat: 'JSON',
        LogGroup: { Ref: expect.stringMatching(/^TransferLogGroup/) },
      },
    });
    expect(functionProps.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('sets exactly the variables of config.ts, plus Powertools and source maps', () => {
    expect(functionProps.Environment.Variables).toEqual({
      PLATFORM_ENV: 'prod',
      // The account whose lake buckets alone are mirrored (lambdas/shared/lake-buckets.ts).
      LAKE_ACCOUNT_ID: { Ref: 'AWS::AccountId' },
      ADLS_ACCOUNT_URL: 'https://adls-account-not-configured.invalid',
      ADLS_AUTH_MODE: 'federated',
      AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000000',
      AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000000',
      AZURE_FEDERATION_AUDIENCE: 'api://AzureADTokenExchange',
      COPY_MODE: 'server-side',
      MIRROR_DELETES: 'false',
      PRESIGN_EXPIRY_SECONDS: '900',
      BLOCK_SIZE_MIB: '100',
      COPY_CONCURRENCY: '8',
      STREAMING_BLOCK_SIZE_MIB: '4',
      STREAMING_CONCURRENCY: '16',
      POWERTOOLS_SERVICE_NAME: 's3-to-adls',
      POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('gives the function an environment its own configuration loader accepts', () => {
    const config = loadTransferConfig(functionProps.Environment.Variables as NodeJS.ProcessEnv);

    expect(config).toMatchObject({
      platformEnv: 'prod',
      authMode: 'federated',
      federationAudience: 'api://AzureADTokenExchange',
      copyMode: 'server-side',
      mirrorDeletes: false,
      presignExpirySeconds: 900,
      blockSizeMiB: 100,
      concurrency: 8,
      streamingBlockSizeMiB: 4,
      streamingConcurrency: 16,
    });
  });

  it('encrypts the log group with a rotating key that only CloudWatch Logs of this group may use', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/hybrid-lake-prod-s3-to-adls',
      RetentionInDays: 90,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TransferLogKey'), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'AllowCloudWatchLogsForThisLogGroup',
            Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
            Condition: {
              ArnEquals: {
                'kms:EncryptionContext:aws:logs:arn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:aws:logs:eu-west-1:',
                      { Ref: 'AWS::AccountId' },
                      ':log-group:/aws/lambda/hybrid-lake-prod-s3-to-adls',
                    ],
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });

  it('encrypts both queues with a rotating customer key, TLS only, and dead-letters after 5 receives', () => {
    const queueKey = { 'Fn::GetAtt': [Match.stringLikeRegexp('^WorkKey'), 'Arn'] };
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: queueKey,
      VisibilityTimeout: 6 * 600,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^WorkDeadLetterQueue'), 'Arn'],
        },
        maxReceiveCount: 5,
      },
    });
    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KmsMasterKeyId: queueKey,
        MessageRetentionPeriod: 14 * 24 * 3600,
        RedrivePolicy: Match.absent(),
      }),
    });
    for (const policy of Object.values(template.findResources('AWS::SQS::QueuePolicy'))) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('feeds the function in batches of 5 within 10 s and reports item failures', () => {
    expect(only(template, 'AWS::Lambda::EventSourceMapping')).toEqual(
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^WorkQueue/), 'Arn'] },
        BatchSize: 5,
        MaximumBatchingWindowInSeconds: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
  });

  it('routes Object Created events of the mirrored prefixes of the mirrored buckets', () => {
    const rule = named(template, 'AWS::Events::Rule', 'MirrorRule');

    expect(rule.EventBusName).toBeUndefined(); // the default bus, where S3 delivers
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        $or: (['raw', 'curated'] as const).map((zone) => ({
          bucket: { name: [bucketName('prod', zone)] },
          object: { key: mirrored(zone).map((dataset) => ({ prefix: `${dataset}/` })) },
        })),
      },
    });
    expect(mirrored('raw')).toContain('transactions');
    expect(mirrored('curated')).toContain('customer_rfm');
    expect(mirrored('curated')).not.toContain('transactions');
    expect(rule.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^WorkQueue/), 'Arn'] },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^WorkDeadLetterQueue/), 'Arn'] },
        },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    ]);
  });

  it('routes the deletes requests make of curated objects, which the ETL rewrites, and no lifecycle expiry', () => {
    const rule = named(template, 'AWS::Events::Rule', 'RewritesRule');
    const derived = platform.datasets.filter((d) => d.arrival === 'derived').map((d) => d.name);

    expect(rule.Name).toBe('hybrid-lake-prod-s3-to-adls-rewrites');
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Deleted'],
      detail: {
        bucket: { name: [bucketName('prod', 'curated')] },
        object: { key: derived.map((dataset) => ({ prefix: `${dataset}/` })) },
        reason: ['DeleteObject'],
      },
    });
    expect(derived).toEqual(mirrored('curated'));
    expect(rule.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^WorkQueue/), 'Arn'] },
      }),
    ]);
  });

  it('lets only its two rules send to the queue and its dead-letter queue', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const allows = (policy.Properties.PolicyDocument.Statement as Json[]).filter(
        (statement) => statement.Effect === 'Allow',
      );
      expect(allows).toEqual([
        {
          Sid: 'AllowOnlyItsRules',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: expect.anything(),
          Condition: {
            ArnEquals: {
              'aws:SourceArn': [
                { 'Fn::GetAtt': [expect.stringMatching(/^MirrorRule/), 'Arn'] },
                { 'Fn::GetAtt': [expect.stringMatching(/^RewritesRule/), 'Arn'] },
              ],
            },
          },
        },
      ]);
    }
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowEventBridgeToEncryptMessages',
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: '*',
            Condition: Match.absent(),
          },
        ]),
      },
    });
  });

  const queueName = (prefix: RegExp) => [
    { Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(prefix), 'QueueName'] } },
  ];
  it.each([
    [
      'dead-letters',
      'ApproximateNumberOfMessagesVisible',
      'AWS/SQS',
      0,
      60,
      'Maximum',
      queueName(/^WorkDeadLetterQueue/),
    ],
    [
      'errors',
      'Errors',
      'AWS/Lambda',
      0,
      300,
      'Sum',
      [{ Name: 'FunctionName', Value: { Ref: expect.stringMatching(/^TransferFunction/) } }],
    ],
    [
      'oldest-message-age',
      'ApproximateAgeOfOldestMessage',
      'AWS/SQS',
      1800,
      300,
      'Maximum',
      queueName(/^WorkQueue/),
    ],
  ])(
    'alarms on %s, reaching the alert topic through EventBridge rather than directly',
    (name, metric, namespace, threshold, period, statistic, dimensions) => {
      const alarm = Object.values(
        template.findResources('AWS::CloudWatch::Alarm', {
          Properties: { AlarmName: `hybrid-lake-prod-s3-to-adls-${name}` },
        }),
      )[0]?.Properties as Json;

      expect(alarm).toMatchObject({
        MetricName: metric,
        Namespace: namespace,
        Threshold: threshold,
        Period: period,
        Statistic: statistic,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching',
        Dimensions: dimensions,
      });
      // The failure-alerts rule picks the state change up by the alarm name's prefix.
      expect(alarm.AlarmName).toMatch(/^hybrid-lake-prod-/);
      expect(alarm.AlarmActions).toBeUndefined();
    },
  );

  it('comes after the data lake and the network in the app, and needs nothing from the alerting stack', () => {
    const { stacks } = synth({ env: 'prod' });

    expect(stacks.replication.dependencies.map((stack) => stack.stackName).sort()).toEqual(
      [stacks.dataLake.stackName, stacks.network.stackName].sort(),
    );
    expect(stacks.replication.terminationProtection).toBe(true);
  });
});

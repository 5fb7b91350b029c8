import { Match, Template } from 'aws-cdk-lib/assertions';
import { catalogTables, loadPlatform, type ZoneName } from '../../../../../infra/platform';
import { synth } from '../../../../fixtures/synth';

type Json = Record<string, any>;

const platform = loadPlatform('prod');
const { assembly, stacks } = synth({ env: 'prod' });
const template = Template.fromJSON(
  assembly.getStackByName(stacks.catalog.stackName).template as Record<string, unknown>,
);

function only(type: string): Json {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0]!.Properties as Json;
}

/** `<prefix><account>-eu-west-1<suffix>` as the template joins it. */
const withAccount = (prefix: string, suffix: string) => ({
  'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, suffix]],
});
const bucketName = (zone: ZoneName) => withAccount(`hybrid-lake-prod-${zone}-`, '-eu-west-1');
const glueArn = (resource: string) => withAccount('arn:aws:glue:eu-west-1:', `:${resource}`);

describe('CatalogStack (prod): partition registration', () => {
  const registered = (zone: ZoneName) =>
    catalogTables(platform)
      .filter((table) => table.zone === zone && table.registeredByEvents)
      .map((table) => ({ prefix: `${table.dataset.name}/` }));

  it('routes Object Created of the registered datasets only, in the zone buckets only', () => {
    const rule = only('AWS::Events::Rule');

    expect(rule.Name).toBe('hybrid-lake-prod-register-partitions-created');
    expect(rule.EventPattern).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: {
        // raw and clean hold the same datasets and share a clause; curated has its own.
        $or: [
          {
            bucket: { name: [bucketName('raw'), bucketName('clean')] },
            object: { key: registered('raw') },
          },
          { bucket: { name: [bucketName('curated')] }, object: { key: registered('curated') } },
        ],
      },
    });
    expect(registered('raw')).not.toContainEqual({ prefix: 'web_logs/' });
    expect(registered('clean')).toEqual(registered('raw'));
    expect(registered('curated')).toContainEqual({ prefix: 'customer_rfm/' });
    expect(registered('curated')).not.toContainEqual({ prefix: 'transactions/' });
    expect(rule.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: { 'Fn::GetAtt': [expect.stringMatching(/^RegistrationWorkQueue/), 'Arn'] },
        DeadLetterConfig: {
          Arn: {
            'Fn::GetAtt': [expect.stringMatching(/^RegistrationWorkDeadLetterQueue/), 'Arn'],
          },
        },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      },
    ]);
  });

  it('queues events in a KMS-encrypted queue with a retained DLQ, both kept 14 days', () => {
    const queueKey = { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegistrationWorkKey'), 'Arn'] };
    template.resourceCountIs('AWS::SQS::Queue', 2);
    template.hasResourceProperties('AWS::SQS::Queue', {
      KmsMasterKeyId: queueKey,
      MessageRetentionPeriod: 14 * 24 * 3600,
      // Six function timeouts (2 min) plus the 30 s batching window.
      VisibilityTimeout: 6 * 120 + 30,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^RegistrationWorkDeadLetterQueue'), 'Arn'],
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
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: 'alias/hybrid-lake/prod/register-partitions-queues',
    });
  });

  it('feeds the function 1000 messages gathered for up to 30 s, reporting item failures', () => {
    expect(only('AWS::Lambda::EventSourceMapping')).toEqual(
      expect.objectContaining({
        EventSourceArn: { 'Fn::GetAtt': [expect.stringMatching(/^RegistrationWorkQueue/), 'Arn'] },
        BatchSize: 1000,
        MaximumBatchingWindowInSeconds: 30,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      }),
    );
  });

  it('runs lambdas/register-partitions on Node.js 22, arm64, with exactly PLATFORM_ENV and the lake account', () => {
    expect(only('AWS::Lambda::Function')).toMatchObject({
      FunctionName: 'hybrid-lake-prod-register-partitions',
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 512,
      Timeout: 120,
      TracingConfig: { Mode: 'Active' },
    });
    expect(only('AWS::Lambda::Function').Environment.Variables).toEqual({
      PLATFORM_ENV: 'prod',
      LAKE_ACCOUNT_ID: { Ref: 'AWS::AccountId' },
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  describe('its role', () => {
    const statements = only('AWS::IAM::Policy').PolicyDocument.Statement as Json[];
    const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid);

    it('has no managed policy and only the statements it needs', () => {
      expect(only('AWS::IAM::Role').ManagedPolicyArns).toBeUndefined();
      expect(statements.map((statement): unknown => statement.Sid ?? statement.Action)).toEqual([
        'WriteOwnLogs',
        ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:GetQueueUrl',
          'sqs:ReceiveMessage',
        ],
        'kms:Decrypt',
        'RegisterPartitionsOfRegisteredTables',
        'UseCatalogKeyThroughGlue',
      ]);
      expect(statements[2]!.Resource).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^RegistrationWorkQueue/), 'Arn'],
      });
      expect(statements[3]!.Resource).toEqual({
        'Fn::GetAtt': [expect.stringMatching(/^RegistrationWorkKey/), 'Arn'],
      });
    });

    it('reads and adds partitions on the catalog, the zone databases and exactly the registered tables', () => {
      const tables = catalogTables(platform).filter((table) => table.registeredByEvents);
      const expected = [
        glueArn('catalog'),
        ...['clean', 'curated', 'raw'].map((zone) => glueArn(`database/hybrid_lake_prod_${zone}`)),
        ...tables.map((table) => glueArn(`table/${table.database}/${table.table}`)),
      ];
      const statement = bySid('RegisterPartitionsOfRegisteredTables');

      expect(statement).toEqual({
        Sid: 'RegisterPartitionsOfRegisteredTables',
        Effect: 'Allow',
        Action: ['glue:BatchCreatePartition', 'glue:BatchGetPartition', 'glue:GetTable'],
        Resource: expect.arrayContaining(expected),
      });
      expect(statement?.Resource).toHaveLength(expected.length);
      expect(JSON.stringify(statement)).not.toContain('web_logs');
    });

    it('uses the catalog key through Glue only', () => {
      expect(bySid('UseCatalogKeyThroughGlue')).toEqual({
        Sid: 'UseCatalogKeyThroughGlue',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^EncryptionKey/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': 'glue.eu-west-1.amazonaws.com' } },
      });
    });
  });

  it.each([
    ['dead-letters', 'ApproximateNumberOfMessagesVisible', 0],
    ['errors', 'Errors', 0],
    ['oldest-message-age', 'ApproximateAgeOfOldestMessage', 1800],
  ])('alarms on %s without a direct SNS action', (name, metric, threshold) => {
    const alarm = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { AlarmName: `hybrid-lake-prod-register-partitions-${name}` },
      }),
    )[0]?.Properties as Json;

    expect(alarm).toMatchObject({ MetricName: metric, Threshold: threshold });
    expect(alarm.AlarmActions).toBeUndefined();
  });

  it('comes after the data lake in the app, independent of the alerting stack', () => {
    expect(stacks.catalog.dependencies).toEqual([stacks.dataLake]);
    expect(stacks.catalog.terminationProtection).toBe(true);
  });
});

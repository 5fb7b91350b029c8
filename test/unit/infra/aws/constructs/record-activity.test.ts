import { App, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import {
  ACTIVITY_DEFAULTS,
  activityConsumerGroup,
  activityTopics,
} from '../../../../../infra/aws/facts/activity';
import {
  ACTIVITY_STARTING_POSITION,
  RecordActivityConfigurationError,
  type RecordActivityOptions,
} from '../../../../../infra/aws/constructs/record-activity';
import {
  MarketplaceApiStack,
  type MarketplaceApiStackProps,
} from '../../../../../infra/aws/stacks/marketplace-api';
import { NetworkStack } from '../../../../../infra/aws/stacks/network';
import { StreamingStack } from '../../../../../infra/aws/stacks/streaming';
import { loadPlatform } from '../../../../../infra/platform';
import { synth } from '../../../../fixtures/synth';
import { SQL_SOURCE_DIRECTORY } from '../../../../../infra/aws/facts/warehouse';

type Json = Record<string, any>;

const withAccount = (prefix: string, suffix: string) => ({
  'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, suffix]],
});

function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type));
}

const actionsOf = (statement: Json): string[] => [statement.Action].flat() as string[];

describe('RecordActivity (prod)', () => {
  const env = 'prod';
  const platform = loadPlatform(env);
  const prefix = `hybrid-lake-${env}`;
  const synthesized = synth({ env });
  const template = Template.fromJSON(
    synthesized.assembly.getStackByName(synthesized.stacks.marketplaceApi.stackName)
      .template as Json,
  );
  const [functionId, fn] = resourcesOf(template, 'AWS::Lambda::Function').find(
    ([, resource]) => resource.Properties.FunctionName === `${prefix}-record-activity`,
  )!;
  const [tableId] = resourcesOf(template, 'AWS::DynamoDB::Table').find(
    ([, table]) => table.Properties.TableName === `${prefix}-recent-activity`,
  )!;
  const [queueId, queue] = resourcesOf(template, 'AWS::SQS::Queue').find(([id]) =>
    id.startsWith('RecordActivityOnFailureQueue'),
  )!;
  const statements = resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      (policy.Properties.Roles as Json[]).some((role) =>
        String(role.Ref).startsWith('RecordActivityFunctionRole'),
      ),
    )
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Json[]);
  const granting = (prefixOfAction: string) =>
    statements.filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith(prefixOfAction)),
    );
  const mappings = resourcesOf(template, 'AWS::Lambda::EventSourceMapping')
    .map(([, mapping]) => mapping)
    .filter((mapping) => mapping.Properties.FunctionName.Ref === functionId);
  const topics = activityTopics(platform).map(({ topic }) => topic);

  it('runs lambdas/record-activity outside the VPC with exactly its configuration', () => {
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: ACTIVITY_DEFAULTS.memorySize,
      Timeout: ACTIVITY_DEFAULTS.timeoutSeconds,
      TracingConfig: { Mode: 'Active' },
    });
    expect(fn.Properties.VpcConfig).toBeUndefined();
    expect(fn.Properties.Environment.Variables).toEqual({
      PLATFORM_ENV: env,
      RECENT_ACTIVITY_TABLE_NAME: { Ref: tableId },
      NODE_OPTIONS: '--enable-source-maps',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: `/aws/lambda/${prefix}-record-activity`,
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RecordActivityFunctionLogKey'), 'Arn'] },
    });
  });

  it('maps each activity topic of the definition with a mapping and a consumer group of its own', () => {
    expect(
      mappings.map((mapping) => ({
        topics: mapping.Properties.Topics as string[],
        group: mapping.Properties.AmazonManagedKafkaEventSourceConfig.ConsumerGroupId as string,
      })),
    ).toEqual(
      topics.map((topic) => ({
        topics: [topic.name],
        group: activityConsumerGroup(platform, topic),
      })),
    );
    expect(topics.map((topic) => topic.name).sort()).toEqual(['interactions', 'purchases']);
  });

  it('starts new groups at the oldest record, batches, retries in provisioned mode, then gives up to its queue', () => {
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        StartingPosition: ACTIVITY_STARTING_POSITION,
        BatchSize: ACTIVITY_DEFAULTS.batchSize,
        MaximumBatchingWindowInSeconds: ACTIVITY_DEFAULTS.maxBatchingWindowSeconds,
        MaximumRetryAttempts: ACTIVITY_DEFAULTS.maxRetryAttempts,
        ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2 },
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
        EventSourceArn: { 'Fn::ImportValue': expect.stringContaining('KafkaCluster') },
      });
      expect(mapping.Properties.SourceAccessConfigurations).toBeUndefined();
      // Its role's grants exist before its first poll.
      expect(mapping.DependsOn).toEqual(
        expect.arrayContaining([expect.stringMatching(/^RecordActivityFunctionRoleDefaultPolicy/)]),
      );
    }
    expect(ACTIVITY_STARTING_POSITION).toBe('TRIM_HORIZON');
  });

  it('keeps failed batches 14 days in a queue under its own key, TLS only', () => {
    expect(queue.Properties).toMatchObject({
      KmsMasterKeyId: {
        'Fn::GetAtt': [expect.stringMatching(/^RecordActivityOnFailureKey/), 'Arn'],
      },
      MessageRetentionPeriod: 14 * 86_400,
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: queueId }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('may only BatchWriteItem the recent-activity table, with its key through DynamoDB', () => {
    expect(granting('dynamodb:')).toEqual([
      expect.objectContaining({
        Action: 'dynamodb:BatchWriteItem',
        Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
      }),
    ]);
    const tableKey = statements.filter((statement) =>
      JSON.stringify(statement.Resource).includes('RecommendationTablesRecentActivityKey'),
    );
    expect(tableKey).toEqual([
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
        Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
      }),
    ]);
    expect(JSON.stringify(statements)).not.toContain('RecommendationTablesRecommendationModel');
  });

  it('reads the activity topics only and commits its own groups only', () => {
    const kafka = granting('kafka-cluster:');
    const read = kafka.find((statement) => statement.Sid === 'ReadActivityTopics')!;
    expect(read.Action).toEqual(['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData']);
    const topicNames = (read.Resource as Json[]).map(
      (arn) => (arn['Fn::Join'][1] as unknown[]).at(-1) as string,
    );
    expect(topicNames).toEqual(topics.map((topic) => `/${topic.name}`));
    const groups = kafka.find((statement) => statement.Sid === 'CommitOwnConsumerGroups')!;
    expect(groups.Resource).toEqual(
      topics.map((topic) =>
        withAccount(
          'arn:aws:kafka:eu-west-1:',
          `:group/${prefix}-kafka/*/${activityConsumerGroup(platform, topic)}`,
        ),
      ),
    );
    expect(kafka.flatMap(actionsOf).sort()).toEqual(
      [
        'kafka-cluster:AlterGroup',
        'kafka-cluster:Connect',
        'kafka-cluster:DescribeClusterDynamicConfiguration',
        'kafka-cluster:DescribeGroup',
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:ReadData',
      ].sort(),
    );
  });

  it('sends failed batches to its own queue only, encrypting through SQS', () => {
    expect(granting('sqs:')).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
      }),
    ]);
  });

  it('alarms on batches given up and on failed invocations, named for the alert fabric', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${prefix}-record-activity-dead-letters`,
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: `${prefix}-record-activity-errors`,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
    });
  });
});

describe('RecordActivity options', () => {
  const platform = loadPlatform('dev');

  function marketplaceApi(props: Partial<MarketplaceApiStackProps> = {}): Template {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const network = new NetworkStack(app, 'Network', { platform });
    const streaming = new StreamingStack(app, 'Streaming', {
      platform,
      vpc: network.vpc,
      clientSecurityGroup: network.etlSecurityGroup,
      endpointSecurityGroup: network.endpointSecurityGroup,
    });
    return Template.fromStack(
      new MarketplaceApiStack(app, 'MarketplaceApi', {
        platform,
        kafka: streaming.kafka,
        vpc: network.vpc,
        apiSecurityGroup: network.apiSecurityGroup,
        // The stack's recommendation export reads a warehouse; a stand-in one does here.
        warehouse: {
          workgroupName: 'hybrid-lake-dev',
          workgroupArn: 'arn:aws:redshift-serverless:eu-west-1:123456789012:workgroup/stand-in',
          databaseName: 'analytics',
          sqlDirectory: SQL_SOURCE_DIRECTORY,
          eltFunctionArn:
            'arn:aws:lambda:eu-west-1:123456789012:function:hybrid-lake-dev-warehouse-elt',
        },
        ...props,
      }),
    );
  }

  const activityFunction = (template: Template): Json =>
    Object.values(
      template.findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: 'hybrid-lake-dev-record-activity' },
      }),
    )[0]!;
  const activityMappings = (template: Template): Json[] =>
    Object.entries(template.findResources('AWS::Lambda::EventSourceMapping'))
      .filter(([id]) => id.startsWith('RecordActivity'))
      .map(([, mapping]) => mapping);

  it('takes every setting from the stack props', () => {
    const options: Required<Omit<RecordActivityOptions, 'handlerEntry' | 'logRetention'>> = {
      memorySize: 1024,
      timeout: Duration.seconds(90),
      batchSize: 200,
      maxBatchingWindow: Duration.seconds(3),
      maxRetryAttempts: 4,
      minimumPollers: 2,
      maximumPollers: 5,
    };
    const template = marketplaceApi({ recordActivity: options });

    expect(activityFunction(template).Properties).toMatchObject({ MemorySize: 1024, Timeout: 90 });
    const mappings = activityMappings(template);
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings)
      expect(mapping.Properties).toMatchObject({
        BatchSize: 200,
        MaximumBatchingWindowInSeconds: 3,
        MaximumRetryAttempts: 4,
        ProvisionedPollerConfig: { MinimumPollers: 2, MaximumPollers: 5 },
      });
  });

  it('defaults to ACTIVITY_DEFAULTS, one to two pollers and three months of logs', () => {
    const template = marketplaceApi();

    expect(activityFunction(template).Properties).toMatchObject({
      MemorySize: ACTIVITY_DEFAULTS.memorySize,
      Timeout: ACTIVITY_DEFAULTS.timeoutSeconds,
    });
    for (const mapping of activityMappings(template))
      expect(mapping.Properties).toMatchObject({
        BatchSize: ACTIVITY_DEFAULTS.batchSize,
        MaximumBatchingWindowInSeconds: ACTIVITY_DEFAULTS.maxBatchingWindowSeconds,
        MaximumRetryAttempts: ACTIVITY_DEFAULTS.maxRetryAttempts,
        ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2 },
      });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: '/aws/lambda/hybrid-lake-dev-record-activity',
      RetentionInDays: 90,
    });
    for (const type of ['AWS::SQS::Queue', 'AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      const resources = Object.entries(template.findResources(type)).filter(([id]) =>
        id.startsWith('RecordActivity'),
      );
      expect(resources.length).toBeGreaterThan(0);
      for (const [, resource] of resources) expect(resource.DeletionPolicy).toBe('Retain');
    }
  });

  it('applies the removal policy to the queue, the keys and the log group', () => {
    const template = marketplaceApi({ removalPolicy: RemovalPolicy.DESTROY });

    for (const type of ['AWS::SQS::Queue', 'AWS::KMS::Key', 'AWS::Logs::LogGroup']) {
      const resources = Object.entries(template.findResources(type)).filter(([id]) =>
        id.startsWith('RecordActivity'),
      );
      expect(resources.length).toBeGreaterThan(0);
      for (const [, resource] of resources) expect(resource.DeletionPolicy).toBe('Delete');
    }
  });

  it.each([
    ['more minimum than maximum pollers', { minimumPollers: 3, maximumPollers: 2 }],
    ['a batch over 10,000 records', { batchSize: 10_001 }],
    ['a batching window over 300 s', { maxBatchingWindow: Duration.minutes(6) }],
    ['unbounded retries', { maxRetryAttempts: -1 }],
  ])('refuses %s', (_what, recordActivity) => {
    expect(() => marketplaceApi({ recordActivity })).toThrow(RecordActivityConfigurationError);
  });
});

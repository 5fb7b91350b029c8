import { App, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { METRIC_NAMESPACE } from '../../../../../lambdas/shared/observability';
import { fabricAlarmPrefix, failureRules } from '../../../../../infra/aws/facts/alerting';
import {
  BOT_ATTACK_EVENT,
  TRAFFIC_METRICS,
  TRAFFIC_METRIC_NAMESPACE,
  TRAFFIC_MONITOR_DEFAULTS,
  TRAFFIC_MONITOR_SERVICE_NAME,
  monitoredTopics,
  trafficMonitorConsumerGroup,
} from '../../../../../infra/aws/facts/traffic';
import { TrafficMonitorConfigurationError } from '../../../../../infra/aws/constructs/traffic-monitor';
import { NetworkStack } from '../../../../../infra/aws/stacks/network';
import {
  StreamingStack,
  type StreamingStackProps,
} from '../../../../../infra/aws/stacks/streaming';
import { loadPlatform } from '../../../../../infra/platform';
import { synthStreamingApp } from '../stacks/streaming-stacks';

type Json = Record<string, any>;

/** `<prefix><account><suffix>` as the template joins it. */
const withAccount = (prefix: string, suffix: string) => ({
  'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, suffix]],
});

const cluster = { 'Fn::GetAtt': [expect.stringMatching(/^KafkaCluster/), 'Arn'] };
const brokersGroup = { 'Fn::GetAtt': [expect.stringMatching(/^KafkaSecurityGroup/), 'GroupId'] };

function resourcesOf(template: Template, type: string): [string, Json][] {
  return Object.entries(template.findResources(type));
}

function only(template: Template, type: string): [string, Json] {
  const found = resourcesOf(template, type);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The statements of the traffic monitor role's policy. */
function roleStatements(template: Template): Json[] {
  const policies = resourcesOf(template, 'AWS::IAM::Policy').filter(([, policy]) =>
    (policy.Properties.Roles as Json[]).some((role) =>
      String(role.Ref).startsWith('TrafficMonitorFunctionRole'),
    ),
  );
  expect(policies).toHaveLength(1);
  return policies[0]![1].Properties.PolicyDocument.Statement as Json[];
}

const actionsOf = (statement: Json): string[] => [statement.Action].flat() as string[];
const resourcesOfStatement = (statement: Json): unknown[] => [statement.Resource].flat();

describe.each(['dev', 'prod'])('TrafficMonitor (%s)', (env) => {
  const platform = loadPlatform(env);
  const prefix = `hybrid-lake-${env}`;
  const app = synthStreamingApp({ env });
  const template = app.templates.streaming;
  const topics = monitoredTopics(platform);
  const [functionId, fn] = only(
    Template.fromJSON({
      Resources: template.findResources('AWS::Lambda::Function', {
        Properties: { FunctionName: `${prefix}-traffic-monitor` },
      }),
    }),
    'AWS::Lambda::Function',
  );
  const [queueId] = resourcesOf(template, 'AWS::SQS::Queue').find(([id]) =>
    id.startsWith('TrafficMonitorOnFailureQueue'),
  )!;
  const [tableId, table] = only(template, 'AWS::DynamoDB::Table');
  const statements = roleStatements(template);

  describe('the function', () => {
    it('runs lambdas/traffic-monitor outside the VPC with exactly its configuration', () => {
      expect(fn.Properties).toMatchObject({
        FunctionName: `${prefix}-traffic-monitor`,
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        MemorySize: TRAFFIC_MONITOR_DEFAULTS.memorySize,
        Timeout: TRAFFIC_MONITOR_DEFAULTS.timeoutSeconds,
        TracingConfig: { Mode: 'Active' },
      });
      expect(fn.Properties.VpcConfig).toBeUndefined();
      expect(fn.Properties.Environment.Variables).toEqual({
        PLATFORM_ENV: env,
        STATE_TABLE_NAME: { Ref: tableId },
        EVENT_BUS_NAME: 'default',
        ALLOWED_LATENESS_SECONDS: '120',
        PARTITION_IDLE_SECONDS: '300',
        INCIDENT_QUIET_MINUTES: '5',
        STATE_RETENTION_HOURS: '48',
        NODE_OPTIONS: '--enable-source-maps',
      });
    });

    it('logs to its own KMS-encrypted log group and has no managed policy', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', {
        LogGroupName: `/aws/lambda/${prefix}-traffic-monitor`,
        KmsKeyId: {
          'Fn::GetAtt': [Match.stringLikeRegexp('^TrafficMonitorFunctionLogKey'), 'Arn'],
        },
      });
      const [, role] = resourcesOf(template, 'AWS::IAM::Role').find(([id]) =>
        id.startsWith('TrafficMonitorFunctionRole'),
      )!;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    });
  });

  describe('the event source mappings', () => {
    const mappings = resourcesOf(template, 'AWS::Lambda::EventSourceMapping');

    it('maps each monitored topic with a mapping of its own', () => {
      expect(mappings.map(([, mapping]) => mapping.Properties.Topics as string[]).sort()).toEqual(
        [[topics.audience.name], [topics.requests.name]].sort(),
      );
    });

    it.each(Object.values(topics).map((topic) => [topic.name, topic] as const))(
      'reads %s with IAM auth from the latest offset in its own consumer group, retried then dead-lettered, with provisioned pollers',
      (topicName, topic) => {
        const [, mapping] = mappings.find(([, each]) => each.Properties.Topics[0] === topicName)!;
        expect(mapping.Properties).toEqual({
          FunctionName: { Ref: functionId },
          EventSourceArn: cluster,
          Topics: [topicName],
          AmazonManagedKafkaEventSourceConfig: {
            ConsumerGroupId: trafficMonitorConsumerGroup(platform, topic),
          },
          StartingPosition: 'LATEST',
          BatchSize: TRAFFIC_MONITOR_DEFAULTS.batchSize,
          MaximumBatchingWindowInSeconds: TRAFFIC_MONITOR_DEFAULTS.maxBatchingWindowSeconds,
          MaximumRetryAttempts: TRAFFIC_MONITOR_DEFAULTS.maxRetryAttempts,
          ProvisionedPollerConfig: { MinimumPollers: 1, MaximumPollers: 2 },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
          Tags: expect.any(Array),
        });
        // IAM access control: no secret, no self-managed cluster.
        expect(mapping.Properties.SourceAccessConfigurations).toBeUndefined();
        expect(mapping.Properties.SelfManagedEventSource).toBeUndefined();
      },
    );

    it('names distinct consumer groups, prefixed with the function name', () => {
      const groups = mappings.map(
        ([, mapping]) =>
          mapping.Properties.AmazonManagedKafkaEventSourceConfig.ConsumerGroupId as string,
      );
      expect(new Set(groups).size).toBe(2);
      for (const group of groups) expect(group).toMatch(new RegExp(`^${prefix}-traffic-monitor-`));
    });

    it("is created after its topic, the role's grants and the brokers' rules for the pollers", () => {
      for (const [, mapping] of mappings) {
        const dependsOn = mapping.DependsOn as string[];
        const topicId = Object.entries(template.findResources('AWS::MSK::Topic')).find(
          ([, topic]) => topic.Properties.TopicName === mapping.Properties.Topics[0],
        )![0];
        expect(dependsOn).toEqual(
          expect.arrayContaining([
            topicId,
            expect.stringMatching(/^TrafficMonitorFunctionRoleDefaultPolicy/),
            expect.stringMatching(/^KafkaSecurityGroupfrom.*KafkaSecurityGroup/),
            expect.stringMatching(/^KafkaSecurityGroupto.*EndpointSecurityGroup/),
          ]),
        );
      }
    });
  });

  describe('the state table', () => {
    it('is on-demand, keyed pk/sk, with TTL on expiresAt, a customer key, PITR, and retained', () => {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties).toMatchObject({
        TableName: `${prefix}-traffic-monitor-minutes`,
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: {
            'Fn::GetAtt': [expect.stringMatching(/^TrafficMonitorStateTableKey/), 'Arn'],
          },
        },
      });
      template.hasResourceProperties('AWS::KMS::Alias', {
        AliasName: `alias/hybrid-lake/${env}/traffic-monitor-state`,
      });
    });
  });

  describe('the on-failure queue', () => {
    it('is KMS-encrypted with its own key, keeps messages 14 days and refuses plain HTTP', () => {
      const [, queue] = resourcesOf(template, 'AWS::SQS::Queue').find(([id]) => id === queueId)!;
      expect(queue.DeletionPolicy).toBe('Retain');
      expect(queue.Properties).toMatchObject({
        KmsMasterKeyId: {
          'Fn::GetAtt': [expect.stringMatching(/^TrafficMonitorOnFailureKey/), 'Arn'],
        },
        MessageRetentionPeriod: 14 * 24 * 3600,
      });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queueId }],
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ],
        },
      });
    });

    it('has a dead-letters alarm on its depth, routed through the alert fabric', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmName: `${prefix}-traffic-monitor-dead-letters`,
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
      });
    });
  });

  describe("the execution role's grants", () => {
    const granting = (action: string) =>
      statements.filter((statement) => actionsOf(statement).includes(action));

    it('reads and writes state items only: no scan, no delete, on the table alone', () => {
      const state = statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
      );
      expect(state).toEqual([
        expect.objectContaining({
          Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
          Resource: { 'Fn::GetAtt': [tableId, 'Arn'] },
        }),
      ]);
      const all = statements.flatMap(actionsOf);
      for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteItem', 'dynamodb:*']) {
        expect(all).not.toContain(forbidden);
      }
      expect(granting('kms:Encrypt')).toEqual([
        expect.objectContaining({
          Resource: {
            'Fn::GetAtt': [expect.stringMatching(/^TrafficMonitorStateTableKey/), 'Arn'],
          },
          Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.eu-west-1.amazonaws.com' } },
        }),
      ]);
    });

    it('puts only the bot-attack event, on the default bus only', () => {
      expect(granting('events:PutEvents')).toEqual([
        expect.objectContaining({
          Action: 'events:PutEvents',
          Resource: withAccount('arn:aws:events:eu-west-1:', ':event-bus/default'),
          Condition: {
            StringEquals: {
              'events:source': BOT_ATTACK_EVENT.source,
              'events:detail-type': BOT_ATTACK_EVENT.detailType,
            },
          },
        }),
      ]);
    });

    it('connects to the cluster, reads the two topics and commits its two groups, each on its ARN', () => {
      const kafka = statements.filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('kafka-cluster:')),
      );
      const topicArn = (name: string) => ({
        'Fn::Join': [
          '',
          [
            'arn:aws:kafka:eu-west-1:',
            { Ref: 'AWS::AccountId' },
            `:topic/${prefix}-kafka/`,
            { 'Fn::Select': [2, { 'Fn::Split': ['/', cluster] }] },
            `/${name}`,
          ],
        ],
      });
      const groupArn = (group: string) =>
        withAccount('arn:aws:kafka:eu-west-1:', `:group/${prefix}-kafka/*/${group}`);
      const monitored = [topics.requests, topics.audience];
      expect(kafka).toEqual([
        expect.objectContaining({
          Action: ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
          Resource: cluster,
        }),
        expect.objectContaining({
          Action: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
          Resource: expect.arrayContaining(monitored.map((topic) => topicArn(topic.name))),
        }),
        expect.objectContaining({
          Action: ['kafka-cluster:AlterGroup', 'kafka-cluster:DescribeGroup'],
          Resource: expect.arrayContaining(
            monitored.map((topic) => groupArn(trafficMonitorConsumerGroup(platform, topic))),
          ),
        }),
      ]);
      // Exactly the two topics and the two groups, never a pattern wider than one cluster's UUID.
      expect(kafka[1]!.Resource).toHaveLength(2);
      expect(kafka[2]!.Resource).toHaveLength(2);
      for (const statement of kafka) expect(resourcesOfStatement(statement)).not.toContain('*');
      expect(granting('kafka:DescribeClusterV2')).toEqual([
        expect.objectContaining({
          Action: ['kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
          Resource: cluster,
        }),
      ]);
    });

    it("creates the pollers' interfaces only in the brokers' subnets and group; only Describe and X-Ray on *", () => {
      const onEverything = statements.filter((statement) =>
        resourcesOfStatement(statement).includes('*'),
      );
      expect(onEverything.flatMap(actionsOf).sort()).toEqual(
        [
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcs',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ].sort(),
      );
      const networkInterfaces = withAccount('arn:aws:ec2:eu-west-1:', ':network-interface/*');
      const [create] = granting('ec2:CreateNetworkInterface');
      expect(actionsOf(create!)).toEqual(['ec2:CreateNetworkInterface']);
      const [, kafkaCluster] = only(template, 'AWS::MSK::Cluster');
      const brokerSubnets = kafkaCluster.Properties.BrokerNodeGroupInfo.ClientSubnets as Json[];
      expect(create!.Resource).toEqual([
        networkInterfaces,
        {
          'Fn::Join': [
            '',
            ['arn:aws:ec2:eu-west-1:', { Ref: 'AWS::AccountId' }, ':security-group/', brokersGroup],
          ],
        },
        ...brokerSubnets.map((subnet) => ({
          'Fn::Join': [
            '',
            ['arn:aws:ec2:eu-west-1:', { Ref: 'AWS::AccountId' }, ':subnet/', subnet],
          ],
        })),
      ]);
      expect(granting('ec2:DeleteNetworkInterface')).toEqual([
        expect.objectContaining({
          Action: 'ec2:DeleteNetworkInterface',
          Resource: networkInterfaces,
        }),
      ]);
    });

    it('sends failed batches to its queue only, encrypting through SQS', () => {
      expect(granting('sqs:SendMessage')).toEqual([
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Resource: { 'Fn::GetAtt': [queueId, 'Arn'] },
        }),
      ]);
      expect(
        statements.filter((statement) =>
          JSON.stringify(statement.Resource).includes('TrafficMonitorOnFailureKey'),
        ),
      ).toEqual([
        expect.objectContaining({
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Condition: { StringEquals: { 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' } },
        }),
      ]);
    });
  });

  describe("the brokers' security group", () => {
    it('lets the pollers reach the brokers on 9098 and the interface endpoints on 443, nothing else', () => {
      const egress = resourcesOf(template, 'AWS::EC2::SecurityGroupEgress').map(
        ([, rule]) => rule.Properties as Json,
      );
      expect(egress).toEqual([
        expect.objectContaining({
          GroupId: brokersGroup,
          IpProtocol: 'tcp',
          FromPort: 9098,
          ToPort: 9098,
          DestinationSecurityGroupId: brokersGroup,
        }),
        expect.objectContaining({
          GroupId: brokersGroup,
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          DestinationSecurityGroupId: {
            'Fn::ImportValue': expect.stringContaining('EndpointSecurityGroup'),
          },
        }),
      ]);
    });

    it('has the Lambda, STS and SQS interface endpoints to reach, in the endpoint group', () => {
      for (const service of ['lambda', 'sts', 'sqs']) {
        app.templates.network.hasResourceProperties('AWS::EC2::VPCEndpoint', {
          VpcEndpointType: 'Interface',
          ServiceName: `com.amazonaws.eu-west-1.${service}`,
          PrivateDnsEnabled: true,
          SecurityGroupIds: [
            { 'Fn::GetAtt': [Match.stringLikeRegexp('^EndpointSecurityGroup'), 'GroupId'] },
          ],
        });
      }
    });
  });

  describe('the alarms', () => {
    const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm')
      .map(([, alarm]) => alarm.Properties as Json & { AlarmName: string })
      .filter((alarm) => alarm.AlarmName.startsWith(`${prefix}-traffic-monitor-`));
    const anomaly = alarms.find((alarm) => alarm.AlarmName.endsWith('-requests-anomaly'))!;

    it('watches Requests per minute against its anomaly band, 3 deviations, 3 of 5 minutes', () => {
      expect(anomaly).toMatchObject({
        AlarmName: `${prefix}-traffic-monitor-requests-anomaly`,
        ComparisonOperator: 'GreaterThanUpperThreshold',
        EvaluationPeriods: 5,
        DatapointsToAlarm: 3,
        TreatMissingData: 'notBreaching',
        ThresholdMetricId: 'expr_1',
        Metrics: [
          expect.objectContaining({
            Id: 'expr_1',
            Expression: 'ANOMALY_DETECTION_BAND(m0, 3)',
            ReturnData: true,
          }),
          {
            Id: 'm0',
            ReturnData: true,
            MetricStat: {
              Metric: {
                Namespace: METRIC_NAMESPACE,
                MetricName: TRAFFIC_METRICS.requests,
                Dimensions: [{ Name: 'service', Value: TRAFFIC_MONITOR_SERVICE_NAME }],
              },
              Period: 60,
              Stat: 'Sum',
            },
          },
        ],
      });
      expect(TRAFFIC_METRIC_NAMESPACE).toBe(METRIC_NAMESPACE);
    });

    it("is named so that the fabric's AlarmRaised rule routes it, and has no action of its own", () => {
      const rule = failureRules(platform, 'arn:fabric-alarms').find(
        (each) => each.id === 'AlarmRaised',
      )!;
      const { alarmName } = rule.eventPattern.detail as {
        alarmName: { prefix: string }[];
      };
      expect(alarms.map((alarm) => alarm.AlarmName).sort()).toEqual([
        `${prefix}-traffic-monitor-dead-letters`,
        `${prefix}-traffic-monitor-errors`,
        `${prefix}-traffic-monitor-requests-anomaly`,
      ]);
      for (const alarm of alarms) {
        expect(alarm.AlarmName.startsWith(alarmName[0]!.prefix)).toBe(true);
        expect(alarm.AlarmName.startsWith(fabricAlarmPrefix(platform))).toBe(false);
        expect(alarm.AlarmActions).toBeUndefined();
      }
    });

    it('alarms on failed invocations of the function', () => {
      expect(alarms.find((alarm) => alarm.AlarmName.endsWith('-errors'))).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
        Threshold: 0,
      });
    });
  });

  it('leaves no cdk-nag finding unacknowledged', () => {
    expect(app.nagFindings.filter((finding) => finding.includes('/TrafficMonitor/'))).toEqual([]);
  });
});

describe('TrafficMonitor options', () => {
  const platform = loadPlatform('dev');

  function streaming(props: Partial<StreamingStackProps> = {}): Template {
    const app = new App();
    const network = new NetworkStack(app, 'Network', { platform });
    return Template.fromStack(
      new StreamingStack(app, 'Streaming', {
        platform,
        vpc: network.vpc,
        clientSecurityGroup: network.etlSecurityGroup,
        endpointSecurityGroup: network.endpointSecurityGroup,
        ...props,
      }),
    );
  }

  it('takes every setting from the stack props', () => {
    const template = streaming({
      trafficMonitor: {
        memorySize: 2048,
        timeout: Duration.seconds(90),
        batchSize: 500,
        maxBatchingWindow: Duration.seconds(20),
        maxRetryAttempts: 3,
        minimumPollers: 2,
        maximumPollers: 6,
        allowedLateness: Duration.minutes(3),
        partitionIdle: Duration.minutes(15),
        incidentQuiet: Duration.minutes(10),
        stateRetention: Duration.hours(72),
      },
    });

    const fn = template.findResources('AWS::Lambda::Function', {
      Properties: { FunctionName: 'hybrid-lake-dev-traffic-monitor' },
    });
    expect(Object.values(fn)[0]!.Properties).toMatchObject({
      MemorySize: 2048,
      Timeout: 90,
      Environment: {
        Variables: expect.objectContaining({
          ALLOWED_LATENESS_SECONDS: '180',
          PARTITION_IDLE_SECONDS: '900',
          INCIDENT_QUIET_MINUTES: '10',
          STATE_RETENTION_HOURS: '72',
        }),
      },
    });
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings) {
      expect(mapping.Properties).toMatchObject({
        BatchSize: 500,
        MaximumBatchingWindowInSeconds: 20,
        MaximumRetryAttempts: 3,
        ProvisionedPollerConfig: { MinimumPollers: 2, MaximumPollers: 6 },
      });
    }
  });

  it('applies the removal policy to the table, the queue, the keys and the log group', () => {
    const template = streaming({ removalPolicy: RemovalPolicy.DESTROY });

    for (const type of [
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
    ]) {
      const resources = Object.entries(template.findResources(type)).filter(([id]) =>
        id.startsWith('TrafficMonitor'),
      );
      expect(resources.length).toBeGreaterThan(0);
      for (const [, resource] of resources) expect(resource.DeletionPolicy).toBe('Delete');
    }
  });

  it.each([
    ['more minimum than maximum pollers', { minimumPollers: 3, maximumPollers: 2 }],
    ['no pollers', { minimumPollers: 0 }],
    ['a batch over 10,000 records', { batchSize: 10_001 }],
    ['a batching window over 300 s', { maxBatchingWindow: Duration.minutes(6) }],
    ['unbounded retries', { maxRetryAttempts: -1 }],
  ])('refuses %s', (_what, trafficMonitor) => {
    expect(() => streaming({ trafficMonitor })).toThrow(TrafficMonitorConfigurationError);
  });

  it('refuses a quiet period that is not whole minutes', () => {
    expect(() => streaming({ trafficMonitor: { incidentQuiet: Duration.seconds(90) } })).toThrow(
      /whole number of minutes/,
    );
  });
});

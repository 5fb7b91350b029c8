import { App, type aws_ec2 as ec2 } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { NetworkStack } from '../../../../../infra/aws/stacks/network';
import {
  StreamingConfigurationError,
  StreamingStack,
  brokerSubnets,
} from '../../../../../infra/aws/stacks/streaming';
import { loadPlatform } from '../../../../../infra/platform';
import { synthStreamingApp } from './streaming-stacks';

type Json = Record<string, any>;

function only(template: Template, type: string): Json {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0]!;
}

describe.each([
  [
    'prod',
    {
      brokers: 3,
      type: 'kafka.m7g.large',
      subnets: 3,
      replication: 3,
      minIsr: 2,
      monitoring: 'PER_TOPIC_PER_BROKER',
    },
  ],
  [
    'dev',
    {
      brokers: 2,
      type: 'kafka.t3.small',
      subnets: 2,
      replication: 2,
      minIsr: 1,
      monitoring: 'PER_BROKER',
    },
  ],
])('StreamingStack (%s)', (env, expected) => {
  const platform = loadPlatform(env);
  const template = synthStreamingApp({ env }).templates.streaming;
  const cluster = only(template, 'AWS::MSK::Cluster');

  it('sizes the provisioned cluster from the environment, Kafka ≥ 3.6, in private subnets', () => {
    expect(cluster.Properties).toMatchObject({
      ClusterName: `hybrid-lake-${env}-kafka`,
      KafkaVersion: '3.9.x',
      NumberOfBrokerNodes: expected.brokers,
      EnhancedMonitoring: expected.monitoring,
      BrokerNodeGroupInfo: {
        InstanceType: expected.type,
        ConnectivityInfo: { PublicAccess: { Type: 'DISABLED' } },
      },
    });
    expect(cluster.Properties.BrokerNodeGroupInfo.ClientSubnets).toHaveLength(expected.subnets);
    expect(JSON.stringify(cluster.Properties.BrokerNodeGroupInfo.ClientSubnets)).toContain(
      'privateSubnet',
    );
  });

  it('authenticates clients with IAM only: no SCRAM, no unauthenticated access', () => {
    expect(cluster.Properties.ClientAuthentication).toEqual({
      Sasl: { Iam: { Enabled: true }, Scram: { Enabled: false } },
      Unauthenticated: { Enabled: false },
    });
  });

  it('encrypts in transit (client and in-cluster) and at rest with its own rotating key', () => {
    expect(cluster.Properties.EncryptionInfo).toEqual({
      EncryptionAtRest: {
        DataVolumeKMSKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KafkaStorageKey/), 'Arn'] },
      },
      EncryptionInTransit: { ClientBroker: 'TLS', InCluster: true },
    });
    template.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: `alias/hybrid-lake/${env}/kafka`,
    });
    for (const key of Object.values(template.findResources('AWS::KMS::Key'))) {
      expect(key.Properties.EnableKeyRotation).toBe(true);
    }
  });

  it('sends broker logs to a KMS-encrypted log group', () => {
    const [group, ...others] = Object.values(
      template.findResources('AWS::Logs::LogGroup', {
        Properties: { LogGroupName: `/hybrid-lake/${env}/msk-broker-logs` },
      }),
    );
    expect(others).toEqual([]);
    expect(group!.Properties).toMatchObject({
      LogGroupName: `/hybrid-lake/${env}/msk-broker-logs`,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^KafkaBrokerLogsKey/), 'Arn'] },
    });
    expect(cluster.Properties.LoggingInfo).toEqual({
      BrokerLogs: {
        CloudWatchLogs: {
          Enabled: true,
          LogGroup: { Ref: expect.stringMatching(/^KafkaBrokerLogsLogGroup/) },
        },
      },
    });
  });

  it('runs a configuration that forbids implicit topics and sets replication from the environment', () => {
    const configuration = only(template, 'AWS::MSK::Configuration');
    expect(configuration.Properties.KafkaVersionsList).toEqual(['3.9.x']);
    expect(
      (configuration.Properties.ServerProperties as string).split('\n').filter(Boolean),
    ).toEqual([
      'auto.create.topics.enable=false',
      `default.replication.factor=${expected.replication}`,
      `min.insync.replicas=${expected.minIsr}`,
      'unclean.leader.election.enable=false',
    ]);
    expect(cluster.Properties.ConfigurationInfo).toEqual({
      Arn: { 'Fn::GetAtt': [expect.stringMatching(/^KafkaConfiguration/), 'Arn'] },
      Revision: {
        'Fn::GetAtt': [expect.stringMatching(/^KafkaConfiguration/), 'LatestRevision.Revision'],
      },
    });
  });

  it("admits only the ETL group, the marketplace API's producers and the brokers' own group (the traffic monitor's pollers), only on 9098", () => {
    const group = only(template, 'AWS::EC2::SecurityGroup');
    // No inline rules: outbound, only the pollers' two rules (to the brokers on 9098, to the
    // interface endpoints on 443), asserted with the traffic monitor.
    expect(group.Properties.SecurityGroupEgress).toBeUndefined();
    expect(
      Object.values(template.findResources('AWS::EC2::SecurityGroupEgress')).map(
        (rule) => [rule.Properties.FromPort, rule.Properties.ToPort] as [number, number],
      ),
    ).toEqual([
      [9098, 9098],
      [443, 443],
    ]);
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.map((rule) => rule.Properties as Json)).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 9098,
        ToPort: 9098,
        SourceSecurityGroupId: {
          'Fn::ImportValue': expect.stringContaining('EtlSecurityGroup'),
        },
      }),
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 9098,
        ToPort: 9098,
        SourceSecurityGroupId: {
          'Fn::ImportValue': expect.stringContaining('ApiSecurityGroup'),
        },
      }),
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 9098,
        ToPort: 9098,
        GroupId: { 'Fn::GetAtt': [expect.stringMatching(/^KafkaSecurityGroup/), 'GroupId'] },
        SourceSecurityGroupId: {
          'Fn::GetAtt': [expect.stringMatching(/^KafkaSecurityGroup/), 'GroupId'],
        },
      }),
    ]);
  });

  it('creates every topic of the definition natively with its partitions, retention and cleanup', () => {
    const topics = Object.values(template.findResources('AWS::MSK::Topic'));
    expect(topics.map((topic) => topic.Properties.TopicName as string)).toEqual(
      platform.topics.map((topic) => topic.name),
    );
    for (const topic of platform.topics) {
      template.hasResource('AWS::MSK::Topic', {
        DeletionPolicy: 'Retain',
        Properties: {
          TopicName: topic.name,
          PartitionCount: topic.partitions,
          ReplicationFactor: expected.replication,
          ClusterArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KafkaCluster'), 'Arn'] },
        },
      });
    }
  });

  it('gives each topic its retention and cleanup as Base64 JSON, the form MSK CreateTopic takes', () => {
    const configsByTopic = Object.fromEntries(
      Object.values(template.findResources('AWS::MSK::Topic')).map((resource) => [
        resource.Properties.TopicName as string,
        JSON.parse(
          Buffer.from(resource.Properties.Configs as string, 'base64').toString('utf8'),
        ) as unknown,
      ]),
    );
    expect(configsByTopic).toEqual(
      Object.fromEntries(
        platform.topics.map((topic) => [
          topic.name,
          {
            'cleanup.policy': topic.cleanupPolicy,
            'retention.ms': String(topic.retentionHours * 3_600_000),
            'max.message.bytes': String(topic.maxMessageBytes),
          },
        ]),
      ),
    );
  });

  it('looks up the IAM bootstrap brokers with a call scoped to the cluster', () => {
    const lookup = only(template, 'Custom::AWS');
    expect(JSON.stringify(lookup.Properties.Create)).toContain(
      '\\"action\\":\\"GetBootstrapBrokers\\"',
    );
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Action: 'kafka:GetBootstrapBrokers',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^KafkaCluster'), 'Arn'] },
          },
        ],
      },
    });
  });
});

describe('brokerSubnets', () => {
  const subnets = ['a', 'b', 'c'].map((id) => ({ subnetId: id }) as unknown as ec2.ISubnet);

  it.each([
    [3, ['a', 'b', 'c']],
    [2, ['a', 'b']],
    [6, ['a', 'b', 'c']],
    [4, ['a', 'b']],
  ])('spreads %d brokers over the most subnets that divide them', (brokers, ids) => {
    expect(brokerSubnets(subnets, brokers).map((subnet) => subnet.subnetId)).toEqual(ids);
  });

  it('refuses a broker count no subnet count divides', () => {
    expect(() => brokerSubnets(subnets, 5)).toThrow(StreamingConfigurationError);
  });
});

describe('StreamingStack defaults', () => {
  it('retains the cluster, topics, keys and broker logs', () => {
    const app = new App();
    const platform = loadPlatform('dev');
    const network = new NetworkStack(app, 'Network', { platform });
    const template = Template.fromStack(
      new StreamingStack(app, 'Streaming', {
        platform,
        vpc: network.vpc,
        clientSecurityGroup: network.etlSecurityGroup,
        endpointSecurityGroup: network.endpointSecurityGroup,
      }),
    );

    for (const type of [
      'AWS::MSK::Cluster',
      'AWS::MSK::Topic',
      'AWS::KMS::Key',
      'AWS::Logs::LogGroup',
    ]) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const resource of resources) expect(resource.DeletionPolicy).toBe('Retain');
    }
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });
});

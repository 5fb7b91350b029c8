import { Match } from 'aws-cdk-lib/assertions';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  NetworkConfigurationError,
  NetworkStack,
  natGatewayCount,
} from '../../../../../infra/aws/stacks/network';
import { loadPlatform } from '../../../../../infra/platform';
import type { TemplateJson } from '../../../../fixtures/stack-references';
import { subnetsOfGroup } from './network-routes';
import { synthStreamingApp } from './streaming-stacks';

type Json = Record<string, any>;

describe('NetworkStack (prod)', () => {
  const template = synthStreamingApp({ env: 'prod' }).templates.network;

  it('has three isolated, three public and three egress subnets, none handing out public IPs', () => {
    const json = template.toJSON() as TemplateJson;
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const group of ['private', 'public', 'egress']) {
      expect(subnetsOfGroup(json, group)).toHaveLength(3);
    }
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(false);
    }
  });

  it('keeps the isolated subnets where they were first deployed (same IDs and CIDRs)', () => {
    const json = template.toJSON() as TemplateJson;
    const isolated = subnetsOfGroup(json, 'private').map((logicalId) => [
      logicalId,
      json.Resources[logicalId]!.Properties.CidrBlock as string,
    ]);
    expect(isolated).toEqual([
      ['VpcprivateSubnet1SubnetCEAD3716', '10.40.0.0/20'],
      ['VpcprivateSubnet2Subnet2DE7549C', '10.40.16.0/20'],
      ['VpcprivateSubnet3SubnetA5AC68D9', '10.40.32.0/20'],
    ]);
  });

  it('has an internet gateway and a NAT gateway with its own Elastic IP in each zone', () => {
    template.resourceCountIs('AWS::EC2::InternetGateway', 1);
    template.resourceCountIs('AWS::EC2::NatGateway', 3);
    template.resourceCountIs('AWS::EC2::EIP', 3);
  });

  it('spreads each subnet group over three zones chosen in the target account', () => {
    const json = template.toJSON() as TemplateJson;
    for (const group of ['private', 'public', 'egress']) {
      const zones = subnetsOfGroup(json, group).map(
        (logicalId) => json.Resources[logicalId]!.Properties.AvailabilityZone as Json,
      );
      expect(zones).toEqual(
        [0, 1, 2].map((index) => ({ 'Fn::Select': [index, { 'Fn::GetAZs': '' }] })),
      );
    }
  });

  it('routes S3 through a gateway endpoint', () => {
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
    });
  });

  it.each(['glue', 'sts', 'secretsmanager', 'logs', 'kms', 'monitoring', 'lambda', 'sqs'])(
    'reaches %s through a private-DNS interface endpoint in the endpoint security group',
    (service) => {
      const endpoints = Object.values(
        template.findResources('AWS::EC2::VPCEndpoint', {
          Properties: {
            VpcEndpointType: 'Interface',
            ServiceName: `com.amazonaws.eu-west-1.${service}`,
          },
        }),
      );
      expect(endpoints).toHaveLength(1);
      expect(endpoints[0]!.Properties).toMatchObject({
        PrivateDnsEnabled: true,
        SecurityGroupIds: [
          { 'Fn::GetAtt': [expect.stringMatching(/^EndpointSecurityGroup/), 'GroupId'] },
        ],
      });
    },
  );

  it('admits only HTTPS from the VPC CIDR to the endpoints', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: 'Interface endpoints: HTTPS from inside the VPC only',
      SecurityGroupIngress: [
        {
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Vpc'), 'CidrBlock'] },
        },
      ],
      SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
    });
  });

  it('logs all traffic to a KMS-encrypted, retained log group kept one year', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    const groups = template.findResources('AWS::Logs::LogGroup');
    const [group] = Object.values(groups);
    expect(Object.keys(groups)).toHaveLength(1);
    expect(group!.DeletionPolicy).toBe('Retain');
    expect(group!.Properties).toMatchObject({
      LogGroupName: '/hybrid-lake/prod/vpc-flow-logs',
      RetentionInDays: 365,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^FlowLogsKey/), 'Arn'] },
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('lets the ETL group talk to itself, as Glue requires', () => {
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 0,
      ToPort: 65535,
      GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EtlSecurityGroup'), 'GroupId'] },
      SourceSecurityGroupId: {
        'Fn::GetAtt': [Match.stringLikeRegexp('^EtlSecurityGroup'), 'GroupId'],
      },
    });
  });
});

describe('NetworkStack defaults and limits', () => {
  const platform = loadPlatform('dev');

  it('spans 3 zones with a 10.40.0.0/16 VPC and retains its flow logs', () => {
    const template = Template.fromStack(new NetworkStack(new App(), 'Network', { platform }));

    template.resourceCountIs('AWS::EC2::Subnet', 9);
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: '10.40.0.0/16' });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
  });

  it("takes one NAT gateway from dev's definition", () => {
    const template = Template.fromStack(new NetworkStack(new App(), 'Network', { platform }));

    expect(platform.environment.network.natGateways).toBe('one');
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
  });

  it('counts a NAT gateway per zone for per-zone, one for one', () => {
    expect(natGatewayCount('per-zone', 3)).toBe(3);
    expect(natGatewayCount('per-zone', 2)).toBe(2);
    expect(natGatewayCount('one', 3)).toBe(1);
  });

  it('refuses a single zone: MSK needs at least two', () => {
    expect(() => new NetworkStack(new App(), 'Network', { platform, zoneCount: 1 })).toThrow(
      NetworkConfigurationError,
    );
  });
});

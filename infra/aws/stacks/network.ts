import {
  CfnOutput,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
  aws_ec2 as ec2,
  type aws_logs as logs,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { keyAlias, resourcePrefix, type Platform } from '../../platform';
import { EncryptedLogGroup } from '../constructs/encrypted-log-group';

export interface NetworkStackProps extends StackProps {
  readonly platform: Platform;
  /** Availability zones the private subnets span (MSK needs at least 2). @default 3 */
  readonly zoneCount?: number;
  /** Address range of the VPC. @default '10.40.0.0/16' */
  readonly cidr?: string;
  /** How long VPC flow logs are kept. @default logs.RetentionDays.ONE_YEAR */
  readonly flowLogRetention?: logs.RetentionDays;
  /** Applied to the flow-log group and its key. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The AWS services the jobs and brokers reach privately, through interface endpoints. */
export const INTERFACE_ENDPOINTS = {
  Glue: ec2.InterfaceVpcEndpointAwsService.GLUE,
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  // Glue jobs publish their metrics (`--enable-metrics`) to CloudWatch.
  Monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
} as const;

/** The VPC cannot host what was asked of it. */
export class NetworkConfigurationError extends Error {
  override readonly name = 'NetworkConfigurationError';
}

/**
 * The private network of the streaming path: isolated subnets (no route to the internet, so no
 * NAT gateway), a gateway endpoint for S3 and interface endpoints for every other AWS API the
 * Glue jobs call, flow logs to an encrypted log group, and the security group the ETL jobs run in.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  /** Glue connections attach their network interfaces here; brokers admit it on 9098. */
  readonly etlSecurityGroup: ec2.SecurityGroup;
  readonly endpointSecurityGroup: ec2.SecurityGroup;
  private readonly zoneCount: number;

  constructor(scope: Construct, id: string, props: NetworkStackProps) {
    const zoneCount = props.zoneCount ?? 3;
    if (!Number.isInteger(zoneCount) || zoneCount < 2 || zoneCount > 6) {
      throw new NetworkConfigurationError(`zoneCount must be an integer 2–6, got ${zoneCount}`);
    }
    super(scope, id, props);
    this.zoneCount = zoneCount;
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: resourcePrefix(platform),
      ipAddresses: ec2.IpAddresses.cidr(props.cidr ?? '10.40.0.0/16'),
      maxAzs: zoneCount,
      natGateways: 0,
      subnetConfiguration: [
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 20 },
      ],
      restrictDefaultSecurityGroup: true,
      gatewayEndpoints: { S3: { service: ec2.GatewayVpcEndpointAwsService.S3 } },
    });

    const flowLogs = new EncryptedLogGroup(this, 'FlowLogs', {
      logGroupName: `/${platform.project}/${platform.environmentName}/vpc-flow-logs`,
      keyAlias: keyAlias(platform, 'vpc-flow-logs'),
      description: 'Encrypts the VPC flow logs',
      ...(props.flowLogRetention !== undefined && { retention: props.flowLogRetention }),
      removalPolicy,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs.logGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });

    this.endpointSecurityGroup = new ec2.SecurityGroup(this, 'EndpointSecurityGroup', {
      vpc: this.vpc,
      description: 'Interface endpoints: HTTPS from inside the VPC only',
      allowAllOutbound: false,
    });
    this.endpointSecurityGroup.addIngressRule(
      ec2.Peer.ipv4(this.vpc.vpcCidrBlock),
      ec2.Port.tcp(443),
      'HTTPS from the VPC',
    );
    Validations.of(this.endpointSecurityGroup).acknowledge({
      id: 'AwsSolutions-EC23',
      reason:
        "The only ingress source is the VPC's own CIDR block (a CloudFormation attribute cdk-nag cannot read), never 0.0.0.0/0.",
    });
    for (const [name, service] of Object.entries(INTERFACE_ENDPOINTS)) {
      this.vpc.addInterfaceEndpoint(`${name}Endpoint`, {
        service,
        privateDnsEnabled: true,
        securityGroups: [this.endpointSecurityGroup],
        // The group above already admits the VPC; `open` would add a second, identical rule.
        open: false,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      });
    }

    this.etlSecurityGroup = new ec2.SecurityGroup(this, 'EtlSecurityGroup', {
      vpc: this.vpc,
      description: 'Glue job network interfaces (Kafka clients)',
      // Isolated subnets have no route out of the VPC, so egress reaches only the VPC and its
      // endpoints; S3's gateway endpoint is addressed by a prefix list CloudFormation cannot name.
      allowAllOutbound: true,
    });
    // Glue requires the group of a connection to admit itself: the job's workers talk to each other.
    this.etlSecurityGroup.addIngressRule(
      this.etlSecurityGroup,
      ec2.Port.allTcp(),
      'Glue workers of the same job',
    );

    new CfnOutput(this, 'VpcId', { value: this.vpc.vpcId, description: 'The platform VPC' });
  }

  /**
   * Zones by index rather than by name: names need an account lookup at synth time, and the VPC
   * must synthesize offline. CloudFormation resolves them in the target account.
   */
  override get availabilityZones(): string[] {
    return Array.from({ length: this.zoneCount }, (_, index) => Fn.select(index, Fn.getAzs()));
  }
}

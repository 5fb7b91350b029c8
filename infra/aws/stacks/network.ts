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
import { keyAlias, resourcePrefix, type NatGatewayLayout, type Platform } from '../../platform';
import { EncryptedLogGroup } from '../constructs/encrypted-log-group';
import type { TransferEgress } from './replication';

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

/**
 * The AWS services the jobs, the brokers' subnets, the traffic monitor's event source mappings
 * and the warehouse reach privately, through interface endpoints.
 */
export const INTERFACE_ENDPOINTS = {
  Glue: ec2.InterfaceVpcEndpointAwsService.GLUE,
  // Also reached by the MSK event source mappings' pollers, from the brokers' subnets.
  Sts: ec2.InterfaceVpcEndpointAwsService.STS,
  SecretsManager: ec2.InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
  Logs: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
  Kms: ec2.InterfaceVpcEndpointAwsService.KMS,
  // Glue jobs publish their metrics (`--enable-metrics`) to CloudWatch.
  Monitoring: ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_MONITORING,
  // The MSK event source mappings' pollers, from the brokers' subnets: Lambda to invoke the
  // function, SQS for their on-failure destination (docs/decisions.md, "The traffic monitor's
  // deployed path").
  Lambda: ec2.InterfaceVpcEndpointAwsService.LAMBDA,
  Sqs: ec2.InterfaceVpcEndpointAwsService.SQS,
  // Redshift ML from the workgroup, whose enhanced VPC routing sends it through the VPC: the
  // SageMaker API to start and watch training jobs (the training data goes over the S3 gateway).
  SageMakerApi: ec2.InterfaceVpcEndpointAwsService.SAGEMAKER_API,
} as const;

/**
 * Subnet groups. The isolated group keeps the name it was first deployed with ('private'): CDK
 * derives subnet IDs from it, and a rename would replace the subnets under MSK, Glue and Redshift.
 * The groups are allocated in this order, so new groups never move the isolated subnets' CIDRs.
 */
export const SUBNET_GROUPS = {
  /** No route out of the VPC: MSK, the Glue connections, Redshift, the interface endpoints. */
  isolated: 'private',
  /** The NAT gateways only; nothing in them gets a public address by launching there. */
  public: 'public',
  /** Private, default route to the NAT gateway of the zone (or the one gateway): the transfer function. */
  egress: 'egress',
} as const;

/** How many NAT gateways a layout means for a VPC over `zoneCount` zones. */
export function natGatewayCount(layout: NatGatewayLayout, zoneCount: number): number {
  return layout === 'one' ? 1 : zoneCount;
}

/** The VPC cannot host what was asked of it. */
export class NetworkConfigurationError extends Error {
  override readonly name = 'NetworkConfigurationError';
}

/**
 * The platform VPC. Isolated subnets (no route to the internet) hold the streaming path and the
 * warehouse; a gateway endpoint for S3 and interface endpoints serve every AWS API they call.
 * Egress subnets hold only the transfer function, whose traffic to Azure leaves through NAT
 * gateways with Elastic IPs, so the Azure storage firewall can admit exactly those addresses
 * (`egressAddresses`); its AWS traffic still goes through the endpoints. Flow logs go to an
 * encrypted log group.
 */
export class NetworkStack extends Stack {
  readonly vpc: ec2.Vpc;
  /** Glue connections attach their network interfaces here; brokers admit it on 9098. */
  readonly etlSecurityGroup: ec2.SecurityGroup;
  readonly endpointSecurityGroup: ec2.SecurityGroup;
  /** The marketplace API's ingestion function: a Kafka producer in the isolated subnets. */
  readonly apiSecurityGroup: ec2.SecurityGroup;
  /** The transfer function's ENIs: HTTPS out only (Azure through NAT, AWS through the endpoints). */
  readonly egressSecurityGroup: ec2.SecurityGroup;
  /** The subnets whose default route leads to the NAT gateways. */
  readonly egressSubnets: ec2.SubnetSelection = { subnetGroupName: SUBNET_GROUPS.egress };
  /** The Elastic IPs of the NAT gateways, in gateway order: the only sources Azure sees. */
  readonly egressAddresses: readonly ec2.CfnEIP[];
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
    const natGateways = natGatewayCount(platform.environment.network.natGateways, zoneCount);

    // Created here rather than by the NAT provider, so the stack can name them and export them.
    this.egressAddresses = Array.from(
      { length: natGateways },
      (_, index) =>
        new ec2.CfnEIP(this, `EgressAddress${index + 1}`, {
          domain: 'vpc',
          tags: [{ key: 'Name', value: `${resourcePrefix(platform)}-egress-${index + 1}` }],
        }),
    );
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      vpcName: resourcePrefix(platform),
      ipAddresses: ec2.IpAddresses.cidr(props.cidr ?? '10.40.0.0/16'),
      maxAzs: zoneCount,
      natGateways,
      natGatewayProvider: ec2.NatProvider.gateway({
        eipAllocationIds: this.egressAddresses.map((address) => address.attrAllocationId),
      }),
      natGatewaySubnets: { subnetGroupName: SUBNET_GROUPS.public },
      subnetConfiguration: [
        {
          name: SUBNET_GROUPS.isolated,
          subnetType: ec2.SubnetType.PRIVATE_ISOLATED,
          cidrMask: 20,
        },
        {
          name: SUBNET_GROUPS.public,
          subnetType: ec2.SubnetType.PUBLIC,
          cidrMask: 24,
          mapPublicIpOnLaunch: false,
        },
        // Lambda shares one ENI per subnet and security group, so a /22 is room to spare.
        {
          name: SUBNET_GROUPS.egress,
          subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS,
          cidrMask: 22,
        },
      ],
      restrictDefaultSecurityGroup: true,
      // Every route table gets the S3 route, so S3 traffic never crosses a NAT gateway.
      // DynamoDB too: the ingestion function keeps its Idempotency-Keys there from isolated subnets.
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
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

    this.apiSecurityGroup = new ec2.SecurityGroup(this, 'ApiSecurityGroup', {
      vpc: this.vpc,
      description: 'Marketplace API ingestion function: Kafka producer (TLS + IAM), DynamoDB',
      // Isolated subnets have no route out of the VPC: egress reaches the brokers, the interface
      // endpoints and DynamoDB's gateway endpoint (a prefix list CloudFormation cannot name) only.
      allowAllOutbound: true,
    });

    this.egressSecurityGroup = new ec2.SecurityGroup(this, 'EgressSecurityGroup', {
      vpc: this.vpc,
      description: 'Transfer function: HTTPS out only (Azure through NAT, AWS through endpoints)',
      allowAllOutbound: false,
    });
    // Azure Storage and Entra ID publish no stable address list to narrow this to; the storage
    // firewall on the other side admits only the NAT addresses. DNS to the VPC resolver is not
    // filtered by security groups.
    this.egressSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to Azure Storage, Entra ID and the VPC endpoints',
    );

    new CfnOutput(this, 'VpcId', { value: this.vpc.vpcId, description: 'The platform VPC' });
  }

  /** The transfer function's placement: egress subnets, their security group, the NAT addresses. */
  get transferEgress(): TransferEgress {
    return {
      vpc: this.vpc,
      subnets: this.egressSubnets,
      securityGroup: this.egressSecurityGroup,
      publicIps: this.egressAddresses.map((address) => address.attrPublicIp),
    };
  }

  /**
   * Zones by index rather than by name: names need an account lookup at synth time, and the VPC
   * must synthesize offline. CloudFormation resolves them in the target account.
   */
  override get availabilityZones(): string[] {
    return Array.from({ length: this.zoneCount }, (_, index) => Fn.select(index, Fn.getAzs()));
  }
}

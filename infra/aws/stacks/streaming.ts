import {
  CfnOutput,
  RemovalPolicy,
  Stack,
  type StackProps,
  type aws_ec2 as ec2,
  type aws_logs as logs,
  type aws_msk as msk,
  CrossStackReferences,
  ReferenceStrength,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { Platform } from '../../platform';
import { KafkaCluster } from '../constructs/kafka-cluster';
import { KafkaTopics } from '../constructs/kafka-topics';
import { TrafficMonitor, type TrafficMonitorOptions } from '../constructs/traffic-monitor';

export interface StreamingStackProps extends StackProps {
  readonly platform: Platform;
  /** The platform VPC (`NetworkStack.vpc`); brokers go in its isolated subnets. */
  readonly vpc: ec2.IVpc;
  /** The only clients the brokers admit (`NetworkStack.etlSecurityGroup`). */
  readonly clientSecurityGroup: ec2.ISecurityGroup;
  /** The marketplace API's producers (`NetworkStack.apiSecurityGroup`). @default none */
  readonly producerSecurityGroup?: ec2.ISecurityGroup;
  /**
   * The interface endpoints' group (`NetworkStack.endpointSecurityGroup`): the MSK mappings'
   * pollers, in the brokers' subnets and group, reach Lambda, STS and SQS through it.
   */
  readonly endpointSecurityGroup: ec2.ISecurityGroup;
  /** What the traffic monitor may tune. @default every option's default */
  readonly trafficMonitor?: TrafficMonitorOptions;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly brokerLogRetention?: logs.RetentionDays;
  /**
   * Applied to the cluster, topics, keys, log groups, the traffic monitor's state table and its
   * queue. @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The brokers cannot be spread evenly over the subnets on offer. */
export class StreamingConfigurationError extends Error {
  override readonly name = 'StreamingConfigurationError';
}

/**
 * Amazon MSK (provisioned), the Kafka topics of the platform definition, and the traffic monitor
 * that reads two of them. Topics are native `AWS::MSK::Topic` resources, so CloudFormation owns
 * partitions and retention.
 */
export class StreamingStack extends Stack {
  readonly kafka: KafkaCluster;
  /** By topic name. */
  readonly topics: ReadonlyMap<string, msk.CfnTopic>;
  readonly trafficMonitor: TrafficMonitor;

  constructor(scope: Construct, id: string, props: StreamingStackProps) {
    super(scope, id, props);
    // Strong (exports): the network stack cannot be deleted while the cluster sits in its VPC.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const settings = platform.environment.kafka;

    const subnets = brokerSubnets(props.vpc.isolatedSubnets, settings.brokerCount);
    this.kafka = new KafkaCluster(this, 'Kafka', {
      platform,
      vpc: props.vpc,
      subnets,
      clientSecurityGroup: props.clientSecurityGroup,
      ...(props.producerSecurityGroup && {
        additionalClientSecurityGroups: [props.producerSecurityGroup],
      }),
      ...(props.brokerLogRetention !== undefined && {
        brokerLogRetention: props.brokerLogRetention,
      }),
      removalPolicy,
    });

    const topics = new KafkaTopics(this, 'Topics', {
      clusterArn: this.kafka.cluster.attrArn,
      topics: platform.topics,
      replicationFactor: settings.replicationFactor,
    });
    for (const topic of topics.topics.values()) topic.applyRemovalPolicy(removalPolicy);
    this.topics = topics.topics;

    // The traffic monitor's mappings here, the activity consumer's in the marketplace API stack.
    this.kafka.admitEventSourcePollers(props.endpointSecurityGroup);
    this.trafficMonitor = new TrafficMonitor(this, 'TrafficMonitor', {
      ...props.trafficMonitor,
      platform,
      kafka: this.kafka,
      topicResources: this.topics,
      removalPolicy,
    });

    new CfnOutput(this, 'ClusterArn', {
      value: this.kafka.cluster.attrArn,
      description: 'MSK cluster (IAM auth over TLS, port 9098)',
    });
    new CfnOutput(this, 'BootstrapBrokers', {
      value: this.kafka.bootstrapBrokersSaslIam,
      description: 'Bootstrap brokers for SASL/IAM clients',
    });
  }
}

/**
 * MSK places the same number of brokers in every client subnet, so the subnet count must divide
 * the broker count. The most subnets (AZs) that do, at least two, spread the brokers widest.
 */
export function brokerSubnets(subnets: readonly ec2.ISubnet[], brokerCount: number): ec2.ISubnet[] {
  for (let count = subnets.length; count >= 2; count -= 1) {
    if (brokerCount % count === 0) return subnets.slice(0, count);
  }
  throw new StreamingConfigurationError(
    `${brokerCount} brokers cannot be spread evenly over 2–${subnets.length} subnets; ` +
      'choose a kafka.brokerCount that is a multiple of 2 or 3',
  );
}

/**
 * What an Amazon MSK event source mapping does as its function's execution role, granted as
 * narrowly as IAM allows, and the settings Lambda would refuse only at deploy time. Every
 * consumer of the platform's topics (the traffic monitor, the activity consumer) is granted
 * through here, so each grants exactly the same kind of access to its own topics and groups.
 */
import { Stack, type Duration, aws_iam as iam } from 'aws-cdk-lib';
import type { KafkaCluster } from '../constructs/kafka-cluster';
import type { PlatformFunction } from '../constructs/platform-function';
import { nagName } from '../nag/nag-names';

/** What the execution role may do in the cluster: IAM access control for an MSK consumer. */
const MSK_CONSUMER_ACTIONS = {
  cluster: ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
  topic: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
  group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
  /** The MSK control plane, where the mapping finds the brokers. */
  controlPlane: ['kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'],
} as const;

/**
 * What Lambda does with the execution role to place a mapping's pollers in the cluster's
 * subnets: the actions AWS lists for MSK event source mappings.
 */
const POLLER_NETWORK_ACTIONS = {
  describe: [
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeVpcs',
    'ec2:DescribeSubnets',
    'ec2:DescribeSecurityGroups',
  ],
  create: ['ec2:CreateNetworkInterface'],
  delete: ['ec2:DeleteNetworkInterface'],
} as const;

export interface MskEventSourceGrant {
  /** The cluster the mappings read; their pollers run in its subnets and security group. */
  readonly kafka: KafkaCluster;
  /** The topics the mappings read, by name: the only ones the role may read. */
  readonly topics: readonly string[];
  /** The mappings' consumer groups: the only ones the role may describe and commit. */
  readonly consumerGroups: readonly string[];
  /** The Sid of the statement that reads the topics: what they are to the function. */
  readonly readTopicsSid: string;
}

/**
 * Lets the function's mappings find the brokers, connect with IAM, read their topics in their own
 * consumer groups and manage the pollers' network interfaces, and acknowledges the wildcards IAM
 * leaves no way around, one by one.
 */
export function grantMskEventSource(fn: PlatformFunction, grant: MskEventSourceGrant): void {
  const { kafka } = grant;
  const stack = Stack.of(fn);
  const groups = grant.consumerGroups.map((group) => kafka.groupArn(group));
  const ec2Arn = (resource: string, resourceName: string) =>
    stack.formatArn({ service: 'ec2', resource, resourceName });
  const networkInterfaces = ec2Arn('network-interface', '*');
  const statements = [
    new iam.PolicyStatement({
      sid: 'FindBrokers',
      actions: [...MSK_CONSUMER_ACTIONS.controlPlane],
      resources: [kafka.clusterArn],
    }),
    new iam.PolicyStatement({
      sid: 'ConnectToCluster',
      actions: [...MSK_CONSUMER_ACTIONS.cluster],
      resources: [kafka.clusterArn],
    }),
    new iam.PolicyStatement({
      sid: grant.readTopicsSid,
      actions: [...MSK_CONSUMER_ACTIONS.topic],
      resources: grant.topics.map((topic) => kafka.topicArn(topic)),
    }),
    new iam.PolicyStatement({
      sid: 'CommitOwnConsumerGroups',
      actions: [...MSK_CONSUMER_ACTIONS.group],
      resources: groups,
    }),
    new iam.PolicyStatement({
      sid: 'DescribePollerNetwork',
      // The EC2 Describe actions take no resource.
      actions: [...POLLER_NETWORK_ACTIONS.describe],
      resources: ['*'],
    }),
    new iam.PolicyStatement({
      sid: 'CreatePollerNetworkInterfaces',
      actions: [...POLLER_NETWORK_ACTIONS.create],
      resources: [
        networkInterfaces,
        ec2Arn('security-group', kafka.securityGroup.securityGroupId),
        ...kafka.subnets.map((subnet) => ec2Arn('subnet', subnet.subnetId)),
      ],
    }),
    new iam.PolicyStatement({
      sid: 'DeletePollerNetworkInterfaces',
      actions: [...POLLER_NETWORK_ACTIONS.delete],
      resources: [networkInterfaces],
    }),
  ];
  for (const statement of statements) fn.role.addToPrincipalPolicy(statement);

  fn.acknowledgeWildcard(
    'Resource::*',
    'The EC2 Describe actions Lambda calls to place the MSK pollers, and the X-Ray write actions (active tracing), have no resource type.',
  );
  fn.acknowledgeWildcard(
    `Resource::${nagName(stack, networkInterfaces)}`,
    "Lambda creates the MSK pollers' network interfaces with this role before their IDs exist; they may only be created in the brokers' subnets and security group.",
  );
  for (const group of groups) {
    fn.acknowledgeWildcard(
      `Resource::${nagName(stack, group)}`,
      'One named consumer group of this one cluster; the wildcard stands for the cluster UUID MSK assigns, and a cluster name is unique in its account and region.',
    );
  }
}

/** The settings of a function's MSK mappings that Lambda checks. */
export interface KafkaMappingSettings {
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  readonly maxRetryAttempts: number;
  readonly minimumPollers: number;
  readonly maximumPollers: number;
}

/** What Lambda would refuse only at deploy time, each as a sentence; empty when nothing. */
export function kafkaMappingProblems(settings: KafkaMappingSettings): string[] {
  const { batchSize, maxBatchingWindow, maxRetryAttempts, minimumPollers, maximumPollers } =
    settings;
  return [
    !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 10_000) &&
      `batchSize must be an integer 1–10,000, got ${batchSize}`,
    maxBatchingWindow.toSeconds() > 300 &&
      `maxBatchingWindow must be at most 300 s, got ${maxBatchingWindow.toSeconds()} s`,
    // -1 (retry until the record expires) would hold a partition back for its whole retention.
    !(Number.isInteger(maxRetryAttempts) && maxRetryAttempts >= 0 && maxRetryAttempts <= 10_000) &&
      `maxRetryAttempts must be an integer 0–10,000, got ${maxRetryAttempts}`,
    !(Number.isInteger(minimumPollers) && minimumPollers >= 1 && minimumPollers <= 200) &&
      `minimumPollers must be an integer 1–200, got ${minimumPollers}`,
    !(
      Number.isInteger(maximumPollers) &&
      maximumPollers >= minimumPollers &&
      maximumPollers <= 2_000
    ) && `maximumPollers must be an integer from minimumPollers to 2,000, got ${maximumPollers}`,
  ].filter((problem): problem is string => typeof problem === 'string');
}

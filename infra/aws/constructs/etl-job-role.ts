import {
  ArnFormat,
  Stack,
  type aws_ec2 as ec2,
  aws_iam as iam,
  type aws_kms as kms,
  Validations,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { nagName } from '../nag/nag-names';

/** Reading a zone: list the bucket, read objects. */
export const ZONE_READ_ACTIONS = ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject'];

/** Writing a zone: Spark's committers also list uploads, abort them and delete temporary objects. */
export const ZONE_WRITE_ACTIONS = [
  ...ZONE_READ_ACTIONS,
  's3:PutObject',
  's3:DeleteObject',
  's3:AbortMultipartUpload',
  's3:ListBucketMultipartUploads',
  's3:ListMultipartUploadParts',
];

/** Objects are encrypted and decrypted under the zone key (SSE-KMS with bucket keys). */
export const ZONE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:DescribeKey',
];

/** Where Glue publishes job metrics, and where Data Quality publishes rule outcomes. */
export const GLUE_METRICS_NAMESPACE = 'Glue';
export const DATA_QUALITY_METRICS_NAMESPACE = 'Glue Data Quality';

export interface ZoneAccess {
  /** From `bucketName` in infra/platform. */
  readonly bucketName: string;
  readonly key: kms.IKey;
}

/** Reads the catalog: what `--enable-glue-datacatalog` and DynamicFrame reads call. */
export const CATALOG_READ_ACTIONS = [
  'glue:GetDatabase',
  'glue:GetTable',
  'glue:GetTables',
  'glue:GetPartition',
  'glue:GetPartitions',
  'glue:BatchGetPartition',
];

/** Adds partitions and schema changes to the tables of the zone a job writes. */
export const CATALOG_WRITE_ACTIONS = [
  ...CATALOG_READ_ACTIONS,
  'glue:CreatePartition',
  'glue:BatchCreatePartition',
  'glue:UpdatePartition',
  'glue:UpdateTable',
];

/** The Kafka actions a consumer needs (IAM access control for MSK). */
export const KAFKA_CONSUMER_ACTIONS = {
  cluster: ['kafka-cluster:Connect', 'kafka-cluster:DescribeCluster'],
  topic: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
  group: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
};

export interface CatalogAccess {
  readonly database: string;
  readonly write: boolean;
}

export interface KafkaTopicAccess {
  readonly clusterArn: string;
  readonly topicArn: string;
  /** Consumer groups the job may join; Glue names its groups itself. */
  readonly groupArn: string;
}

export interface EtlJobRoleProps {
  readonly description: string;
  /** Zones read (source) and written (target). */
  readonly reads: readonly ZoneAccess[];
  readonly writes: readonly ZoneAccess[];
  /** Encrypts the catalog, job bookmarks and Glue's log groups. */
  readonly catalogKey: kms.IKey;
  readonly catalog: readonly CatalogAccess[];
  /** A streaming job's topic. @default undefined (no Kafka access) */
  readonly kafka?: KafkaTopicAccess;
  /**
   * The job evaluates Glue Data Quality rulesets and publishes the results and their CloudWatch
   * metrics. @default false
   */
  readonly publishesDataQuality?: boolean;
  /** A job that runs in the VPC through a Glue connection. @default undefined (no VPC access) */
  readonly network?: {
    readonly connectionName: string;
    readonly subnets: readonly ec2.ISubnet[];
    /** The connection's security groups: the only ones the job's interfaces may join. */
    readonly securityGroups: readonly ec2.ISecurityGroup[];
  };
}

/**
 * The role of one Glue job, granted only what that job does: its source and target zones, their
 * keys, the catalog key, the zone databases, Glue's own log groups and metrics namespace, and —
 * for a streaming job — its one topic and the network interfaces Glue creates in the VPC.
 */
export class EtlJobRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EtlJobRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('glue.amazonaws.com'),
      description: props.description,
    });

    const zones: [ZoneAccess, string[]][] = [
      ...props.reads.map((zone): [ZoneAccess, string[]] => [zone, ZONE_READ_ACTIONS]),
      ...props.writes.map((zone): [ZoneAccess, string[]] => [zone, ZONE_WRITE_ACTIONS]),
    ];
    for (const [zone, actions] of zones) {
      const bucketArn = `arn:${stack.partition}:s3:::${zone.bucketName}`;
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions, resources: [bucketArn, `${bucketArn}/*`] }),
      );
      this.acknowledgeWildcard(
        `Resource::${nagName(stack, `${bucketArn}/*`)}`,
        'Objects of a zone the job reads or writes: partitions are created as data arrives.',
      );
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ZONE_KEY_ACTIONS, resources: [zone.key.keyArn] }),
      );
    }
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ZONE_KEY_ACTIONS, resources: [props.catalogKey.keyArn] }),
    );

    const catalogArn = stack.formatArn({ service: 'glue', resource: 'catalog' });
    for (const access of props.catalog) {
      const tables = stack.formatArn({
        service: 'glue',
        resource: 'table',
        resourceName: `${access.database}/*`,
      });
      this.acknowledgeWildcard(
        `Resource::${nagName(stack, tables)}`,
        `The tables of ${access.database}, one per dataset of the definition.`,
      );
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: access.write ? CATALOG_WRITE_ACTIONS : CATALOG_READ_ACTIONS,
          resources: [
            catalogArn,
            stack.formatArn({
              service: 'glue',
              resource: 'database',
              resourceName: access.database,
            }),
            tables,
          ],
        }),
      );
    }

    // Continuous logging writes to /aws-glue/jobs/… groups suffixed with the security
    // configuration's name, whose key is associated by the job itself.
    const glueLogGroups = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws-glue/*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.acknowledgeWildcard(
      `Resource::${nagName(stack, glueLogGroups)}`,
      "Glue names its job log groups and streams itself, under /aws-glue/ and suffixed with the security configuration's name.",
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:AssociateKmsKey',
        ],
        resources: [glueLogGroups],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'cloudwatch:namespace': props.publishesDataQuality
              ? [GLUE_METRICS_NAMESPACE, DATA_QUALITY_METRICS_NAMESPACE]
              : GLUE_METRICS_NAMESPACE,
          },
        },
      }),
    );
    this.acknowledgeWildcard(
      'Resource::*',
      props.network
        ? 'cloudwatch:PutMetricData and the ec2:Describe* calls Glue makes for a VPC job have no resource type; metrics are limited to the Glue namespaces by condition.'
        : 'cloudwatch:PutMetricData has no resource type; it is limited to the Glue namespaces by condition.',
    );

    if (props.publishesDataQuality) this.grantDataQualityPublishing(stack);
    if (props.kafka) this.grantKafka(props.kafka);
    if (props.network) this.grantNetwork(stack, props.network);
  }

  /**
   * Acknowledges one cdk-nag IAM5 finding on this role's policy by its exact ID (the resource or
   * action as the template spells it), so any other wildcard still fails synth.
   */
  acknowledgeWildcard(finding: string, reason: string): void {
    Validations.of(this.role.node.findChild('DefaultPolicy')).acknowledge({
      id: `AwsSolutions-IAM5[${finding}]`,
      reason,
    });
  }

  /**
   * EvaluateDataQuality in a job script runs an inline ruleset that Glue names per run, so the
   * results are published against rulesets of this account and region, not one known name.
   */
  private grantDataQualityPublishing(stack: Stack): void {
    const rulesets = stack.formatArn({
      service: 'glue',
      resource: 'dataQualityRuleset',
      resourceName: '*',
    });
    this.acknowledgeWildcard(
      `Resource::${nagName(stack, rulesets)}`,
      'A job evaluates its ruleset inline; Glue names the ruleset of each run itself, so publishing its results cannot name one.',
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['glue:PublishDataQuality'], resources: [rulesets] }),
    );
  }

  private grantKafka(kafka: KafkaTopicAccess): void {
    this.acknowledgeWildcard(
      `Resource::${nagName(Stack.of(this), kafka.groupArn)}`,
      'Glue names the consumer groups of its Kafka source itself; only groups of this one cluster.',
    );
    const statements: [string[], string][] = [
      [KAFKA_CONSUMER_ACTIONS.cluster, kafka.clusterArn],
      [KAFKA_CONSUMER_ACTIONS.topic, kafka.topicArn],
      [KAFKA_CONSUMER_ACTIONS.group, kafka.groupArn],
    ];
    for (const [actions, resource] of statements) {
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
    }
  }

  /** What Glue does as the job's role to place the job's workers in the VPC. */
  private grantNetwork(stack: Stack, network: NonNullable<EtlJobRoleProps['network']>): void {
    const ec2Arn = (resource: string, resourceName: string) =>
      stack.formatArn({ service: 'ec2', resource, resourceName });
    const networkInterfaces = ec2Arn('network-interface', '*');
    this.acknowledgeWildcard(
      `Resource::${nagName(stack, networkInterfaces)}`,
      "Glue creates the network interfaces of a VPC job as the job role; their IDs exist only at run time, and they may only be created in the subnets and security groups of the job's connection.",
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetConnection'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({
            service: 'glue',
            resource: 'connection',
            resourceName: network.connectionName,
          }),
        ],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // Describe calls have no resource-level permissions.
        actions: [
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeSubnets',
          'ec2:DescribeVpcAttribute',
          'ec2:DescribeVpcEndpoints',
          'ec2:DescribeRouteTables',
        ],
        resources: ['*'],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:CreateNetworkInterface'],
        resources: [
          networkInterfaces,
          ...network.securityGroups.map((group) => ec2Arn('security-group', group.securityGroupId)),
          ...network.subnets.map((subnet) => ec2Arn('subnet', subnet.subnetId)),
        ],
      }),
    );
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['ec2:DeleteNetworkInterface', 'ec2:CreateTags', 'ec2:DeleteTags'],
        resources: [networkInterfaces],
      }),
    );
  }
}

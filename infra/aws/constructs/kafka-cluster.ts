import type { aws_kms as kms } from 'aws-cdk-lib';
import {
  ArnFormat,
  Fn,
  RemovalPolicy,
  Stack,
  aws_ec2 as ec2,
  type aws_logs as logs,
  aws_msk as msk,
  custom_resources as cr,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { platformKey } from './platform-key';
import { keyAlias, type Platform } from '../../platform';
import { kafkaClusterName } from '../facts/streaming';
import { EncryptedLogGroup } from './encrypted-log-group';
import { acknowledgeAwsCustomResourceFunction } from '../nag/aws-custom-resource-nag';

/** Kafka over TLS with SASL/IAM: the only listener the cluster opens to clients. */
export const KAFKA_IAM_TLS_PORT = 9098;

export interface KafkaClusterProps {
  readonly platform: Platform;
  readonly vpc: ec2.IVpc;
  /** The subnets the brokers spread over; their count must divide `kafka.brokerCount`. */
  readonly subnets: readonly ec2.ISubnet[];
  /** The only clients admitted to the brokers. */
  readonly clientSecurityGroup: ec2.ISecurityGroup;
  /**
   * Other groups whose members produce or consume over TLS + IAM (the marketplace API's
   * ingestion function). @default [] (the ETL jobs' group only)
   */
  readonly additionalClientSecurityGroups?: readonly ec2.ISecurityGroup[];
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly brokerLogRetention?: logs.RetentionDays;
  /** Applied to the cluster, its keys and its log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An MSK provisioned cluster sized by the environment's `kafka` settings: IAM client
 * authentication only, TLS everywhere, storage under a customer key, broker logs to an encrypted
 * log group, and a configuration that forbids implicit topic creation.
 */
export class KafkaCluster extends Construct {
  readonly cluster: msk.CfnCluster;
  readonly configuration: msk.CfnConfiguration;
  readonly securityGroup: ec2.SecurityGroup;
  readonly storageKey: kms.Key;
  readonly clusterName: string;
  /** The subnets the brokers spread over, where Lambda also places MSK mappings' pollers. */
  readonly subnets: readonly ec2.ISubnet[];
  /** `host:9098,…`, looked up with kafka:GetBootstrapBrokers once the cluster exists. */
  readonly bootstrapBrokersSaslIam: string;

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const { platform } = props;
    const kafka = platform.environment.kafka;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.clusterName = kafkaClusterName(platform);
    this.subnets = props.subnets;

    this.storageKey = platformKey(this, 'StorageKey', {
      alias: keyAlias(platform, 'kafka'),
      description: 'Encrypts the MSK broker volumes',
      removalPolicy,
    });

    const brokerLogs = new EncryptedLogGroup(this, 'BrokerLogs', {
      logGroupName: `/${platform.project}/${platform.environmentName}/msk-broker-logs`,
      keyAlias: keyAlias(platform, 'kafka-broker-logs'),
      description: 'Encrypts the MSK broker logs',
      ...(props.brokerLogRetention !== undefined && { retention: props.brokerLogRetention }),
      removalPolicy,
    });

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `MSK brokers: Kafka over TLS with IAM (${KAFKA_IAM_TLS_PORT}) from the platform clients only`,
      allowAllOutbound: false,
    });
    this.securityGroup.addIngressRule(
      props.clientSecurityGroup,
      ec2.Port.tcp(KAFKA_IAM_TLS_PORT),
      'Kafka clients (TLS + IAM)',
    );
    for (const group of props.additionalClientSecurityGroups ?? []) {
      this.securityGroup.addIngressRule(
        group,
        ec2.Port.tcp(KAFKA_IAM_TLS_PORT),
        'Kafka producers (TLS + IAM)',
      );
    }

    this.configuration = new msk.CfnConfiguration(this, 'Configuration', {
      name: this.clusterName,
      description: 'hybrid-lake brokers: explicit topics, durable writes',
      kafkaVersionsList: [kafka.version],
      serverProperties: serverProperties(kafka.replicationFactor, kafka.minInSyncReplicas),
    });

    this.cluster = new msk.CfnCluster(this, 'Cluster', {
      clusterName: this.clusterName,
      kafkaVersion: kafka.version,
      numberOfBrokerNodes: kafka.brokerCount,
      brokerNodeGroupInfo: {
        instanceType: kafka.brokerInstanceType,
        clientSubnets: props.subnets.map((subnet) => subnet.subnetId),
        securityGroups: [this.securityGroup.securityGroupId],
        storageInfo: { ebsStorageInfo: { volumeSize: kafka.brokerVolumeGiB } },
        connectivityInfo: { publicAccess: { type: 'DISABLED' } },
      },
      clientAuthentication: {
        sasl: { iam: { enabled: true }, scram: { enabled: false } },
        unauthenticated: { enabled: false },
      },
      encryptionInfo: {
        encryptionAtRest: { dataVolumeKmsKeyId: this.storageKey.keyArn },
        encryptionInTransit: { clientBroker: 'TLS', inCluster: true },
      },
      enhancedMonitoring: kafka.enhancedMonitoring,
      loggingInfo: {
        brokerLogs: {
          cloudWatchLogs: { enabled: true, logGroup: brokerLogs.logGroup.logGroupName },
        },
      },
      configurationInfo: {
        arn: this.configuration.attrArn,
        revision: this.configuration.attrLatestRevisionRevision,
      },
    });
    this.cluster.applyRemovalPolicy(removalPolicy);

    // CloudFormation does not return the bootstrap brokers, but the MSK API does.
    const bootstrapBrokers = new cr.AwsCustomResource(this, 'BootstrapBrokers', {
      onUpdate: {
        service: 'Kafka',
        action: 'GetBootstrapBrokers',
        parameters: { ClusterArn: this.cluster.attrArn },
        physicalResourceId: cr.PhysicalResourceId.of(this.cluster.attrArn),
        outputPaths: ['BootstrapBrokerStringSaslIam'],
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [this.cluster.attrArn] }),
      installLatestAwsSdk: false,
    });
    acknowledgeAwsCustomResourceFunction(Stack.of(this), 'kafka:GetBootstrapBrokers');
    this.bootstrapBrokersSaslIam = bootstrapBrokers.getResponseField(
      'BootstrapBrokerStringSaslIam',
    );
  }

  /**
   * Admits the pollers of the platform's MSK event source mappings. Lambda places them in the
   * brokers' subnets with the brokers' security group, so the group admits itself on the Kafka
   * port and may reach itself there and the interface endpoints (Lambda, STS, SQS) on 443. Every
   * mapping of the cluster, whichever stack holds it, relies on these rules.
   */
  admitEventSourcePollers(endpointSecurityGroup: ec2.ISecurityGroup): void {
    const group = this.securityGroup;
    const kafkaPort = ec2.Port.tcp(KAFKA_IAM_TLS_PORT);
    group.addIngressRule(group, kafkaPort, 'MSK event source mapping pollers (TLS + IAM)');
    group.addEgressRule(group, kafkaPort, 'MSK event source mapping pollers to the brokers');
    group.addEgressRule(
      endpointSecurityGroup,
      ec2.Port.tcp(443),
      'MSK event source mapping pollers to the Lambda, STS and SQS endpoints',
    );
  }

  get clusterArn(): string {
    return this.cluster.attrArn;
  }

  /** `arn:…:kafka:…:cluster/<name>/<uuid>`: the UUID MSK assigns, needed by topic and group ARNs. */
  private get clusterUuid(): string {
    return Fn.select(2, Fn.split('/', this.cluster.attrArn));
  }

  /** ARN of a topic of this cluster, for `kafka-cluster:*` permissions. */
  topicArn(topicName: string): string {
    return this.kafkaArn('topic', `${this.clusterName}/${this.clusterUuid}/${topicName}`);
  }

  /**
   * ARN of this cluster's consumer groups matching `pattern` (e.g. `*`). The UUID is a wildcard:
   * a cluster name is unique in its account and region, and a literal ARN keeps the policy
   * readable and its cdk-nag finding nameable.
   */
  groupArn(pattern: string): string {
    return this.kafkaArn('group', `${this.clusterName}/*/${pattern}`);
  }

  private kafkaArn(resource: 'topic' | 'group', resourceName: string): string {
    return Stack.of(this).formatArn({
      service: 'kafka',
      resource,
      resourceName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }
}

/** Broker settings; topic-level settings come from the platform definition per topic. */
export function serverProperties(replicationFactor: number, minInSyncReplicas: number): string {
  return [
    // Every topic is declared in the definition; a typo in a producer must fail, not create one.
    'auto.create.topics.enable=false',
    `default.replication.factor=${replicationFactor}`,
    `min.insync.replicas=${minInSyncReplicas}`,
    // Never elect an out-of-sync replica: losing acknowledged records is worse than waiting.
    'unclean.leader.election.enable=false',
    '',
  ].join('\n');
}

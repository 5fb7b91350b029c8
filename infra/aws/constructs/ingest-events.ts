import {
  Duration,
  RemovalPolicy,
  aws_cloudwatch as cloudwatch,
  aws_dynamodb as dynamodb,
  aws_ec2 as ec2,
  aws_iam as iam,
  type aws_kms as kms,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import {
  IDEMPOTENCY_TABLE,
  INGEST_DEFAULTS,
  INGEST_SERVICE_NAME,
  idempotencyTableName,
  ingestFunctionName,
} from '../facts/api';
import { lambdaHandlerEntry } from '../facts/functions';
import type { KafkaCluster } from './kafka-cluster';
import { functionErrorsAlarm } from './lambda-alarms';
import { PlatformFunction, VPC_NETWORK_INTERFACES_WILDCARD_REASON } from './platform-function';
import { platformKey } from './platform-key';

/** What the function may do in the cluster: IAM access control for an idempotent producer. */
export const INGEST_KAFKA_ACTIONS = {
  cluster: ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'],
  topic: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
} as const;

export interface IngestEventsProps {
  readonly platform: Platform;
  readonly kafka: KafkaCluster;
  /** The VPC's isolated subnets, where the brokers are, and the function's own group. */
  readonly vpc: ec2.IVpc;
  readonly securityGroup: ec2.ISecurityGroup;
  /** @default lambdaHandlerEntry('ingest-events') */
  readonly handlerEntry?: string;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Applied to the table, the keys and the log group. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The marketplace API's ingestion function and its Idempotency-Key table. The function runs in
 * the isolated subnets, beside the brokers it produces to over TLS with IAM; DynamoDB is reached
 * through the VPC's gateway endpoint. Nothing it holds is secret: MSK IAM signs with its role.
 */
export class IngestEvents extends Construct {
  readonly function: PlatformFunction;
  readonly idempotencyTable: dynamodb.Table;
  readonly idempotencyTableKey: kms.Key;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestEventsProps) {
    super(scope, id);
    const { platform, kafka } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const functionName = ingestFunctionName(platform);

    this.idempotencyTableKey = platformKey(this, 'IdempotencyTableKey', {
      alias: keyAlias(platform, `${INGEST_SERVICE_NAME}-idempotency`),
      description: `Encrypts the table ${idempotencyTableName(platform)}`,
      removalPolicy,
    });
    this.idempotencyTable = new dynamodb.Table(this, 'IdempotencyTable', {
      tableName: idempotencyTableName(platform),
      partitionKey: { name: IDEMPOTENCY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: IDEMPOTENCY_TABLE.ttlAttribute,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.idempotencyTableKey,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });

    const origin = platform.environment.marketplaceApi.allowedOrigin;
    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description: "Puts the marketplace's purchases and interactions on their Kafka topics",
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(INGEST_SERVICE_NAME),
      memorySize: INGEST_DEFAULTS.memorySize,
      timeout: Duration.seconds(INGEST_DEFAULTS.timeoutSeconds),
      environment: {
        PLATFORM_ENV: platform.environmentName,
        KAFKA_BOOTSTRAP_SERVERS: kafka.bootstrapBrokersSaslIam,
        KAFKA_AUTH: 'iam',
        IDEMPOTENCY_TABLE_NAME: this.idempotencyTable.tableName,
        ...(origin !== undefined && { ALLOWED_ORIGIN: origin }),
      },
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      logKeyAlias: keyAlias(platform, `${INGEST_SERVICE_NAME}-logs`),
      removalPolicy,
      network: {
        vpc: props.vpc,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroup: props.securityGroup,
      },
    });

    const role = this.function.role;
    // Powertools reads, writes and deletes the request's own record, and the function the
    // request's unsettled batches (`unsettled#…`, unsettled-sends.ts); nothing else of the table.
    this.idempotencyTable.grant(
      role,
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
    );
    this.idempotencyTableKey.grantEncryptDecrypt(role);
    const topics = platform.marketplaceApi.ingestion.map((route) => route.topic);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'ConnectAsIdempotentProducer',
        actions: [...INGEST_KAFKA_ACTIONS.cluster],
        resources: [kafka.clusterArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WriteTheIngestionTopics',
        actions: [...INGEST_KAFKA_ACTIONS.topic],
        resources: topics.map((topic) => kafka.topicArn(topic)),
      }),
    );
    this.function.acknowledgeWildcard(
      'Resource::*',
      `${VPC_NETWORK_INTERFACES_WILDCARD_REASON} The X-Ray write actions (active tracing) have no resource type either.`,
    );
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      this.function.acknowledgeWildcard(
        `Action::${action}`,
        "The action family DynamoDB uses with the table's own key, granted on that key only.",
      );
    }

    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      ...functionErrorsAlarm(this.function.function),
      alarmName: `${functionName}-errors`,
      alarmDescription:
        'Invocations failed as a whole (crash, timeout): API Gateway answered 502 or 504 and the client retries.',
    });
  }
}

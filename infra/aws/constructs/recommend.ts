import {
  Duration,
  RemovalPolicy,
  aws_cloudwatch as cloudwatch,
  aws_ec2 as ec2,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import { lambdaHandlerEntry } from '../facts/functions';
import { RECOMMEND_DEFAULTS } from '../facts/recommend';
import { RECOMMEND_SERVICE_NAME, recommendFunctionName } from '../facts/recommendations';
import { functionErrorsAlarm } from './lambda-alarms';
import { PlatformFunction, VPC_NETWORK_INTERFACES_WILDCARD_REASON } from './platform-function';
import type { RecommendationTables } from './recommendation-tables';

/** What the recommender may do with each table: read, nothing else. */
const RECOMMEND_TABLE_ACTIONS = {
  recentActivity: ['dynamodb:Query'],
  model: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
} as const;

export interface RecommendProps {
  readonly platform: Platform;
  readonly tables: RecommendationTables;
  /** The VPC whose isolated subnets the function runs in (DynamoDB through the gateway endpoint). */
  readonly vpc: ec2.IVpc;
  /** @default lambdaHandlerEntry('recommend') */
  readonly handlerEntry?: string;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Applied to the log group and its key. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The recommender behind `GET /v1/recommendations/{user_id}`: reads a user's recent activity and
 * the nightly model, and nothing else. It runs in the isolated subnets in a security group of its
 * own: it needs DynamoDB only, which the VPC's gateway endpoint reaches, and a function that reads
 * customers' histories has then no way to the internet (docs/decisions.md).
 */
export class Recommend extends Construct {
  readonly function: PlatformFunction;
  readonly securityGroup: ec2.SecurityGroup;
  readonly errorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: RecommendProps) {
    super(scope, id);
    const { platform, tables } = props;
    const functionName = recommendFunctionName(platform);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Recommender: DynamoDB through the gateway endpoint, no ingress',
      // Isolated subnets have no route out of the VPC: egress reaches the interface endpoints and
      // DynamoDB's gateway endpoint (a prefix list CloudFormation cannot name) only.
      allowAllOutbound: true,
    });

    const origin = platform.environment.marketplaceApi.allowedOrigin;
    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description: "Recommends products from a customer's recent activity and the nightly model",
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(RECOMMEND_SERVICE_NAME),
      memorySize: RECOMMEND_DEFAULTS.memorySize,
      timeout: Duration.seconds(RECOMMEND_DEFAULTS.timeoutSeconds),
      environment: {
        PLATFORM_ENV: platform.environmentName,
        RECENT_ACTIVITY_TABLE_NAME: tables.recentActivity.table.tableName,
        RECOMMENDATION_MODEL_TABLE_NAME: tables.model.table.tableName,
        ...(origin !== undefined && { ALLOWED_ORIGIN: origin }),
      },
      logRetention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      logKeyAlias: keyAlias(platform, `${RECOMMEND_SERVICE_NAME}-logs`),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      network: {
        vpc: props.vpc,
        subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        securityGroup: this.securityGroup,
      },
    });

    const role = this.function.role;
    tables.recentActivity.table.grant(role, ...RECOMMEND_TABLE_ACTIONS.recentActivity);
    tables.model.table.grant(role, ...RECOMMEND_TABLE_ACTIONS.model);
    // Reading an encrypted item needs Decrypt on its table's key; nothing here writes.
    tables.recentActivity.key.grantDecrypt(role);
    tables.model.key.grantDecrypt(role);
    this.function.acknowledgeWildcard(
      'Resource::*',
      `${VPC_NETWORK_INTERFACES_WILDCARD_REASON} The X-Ray write actions (active tracing) have no resource type either.`,
    );

    this.errorsAlarm = new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      ...functionErrorsAlarm(this.function.function),
      alarmName: `${functionName}-errors`,
      alarmDescription:
        'Invocations failed as a whole (crash, timeout): API Gateway answered 502 or 504 and the marketplace showed no recommendations.',
    });
  }
}

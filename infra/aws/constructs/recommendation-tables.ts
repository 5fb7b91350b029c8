import { RemovalPolicy, aws_dynamodb as dynamodb, type aws_kms as kms } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import {
  RECENT_ACTIVITY_TABLE,
  RECOMMENDATION_MODEL_TABLE,
  recentActivityTableName,
  recommendationModelTableName,
} from '../facts/recommendations';
import { platformKey } from './platform-key';

export interface RecommendationTablesProps {
  readonly platform: Platform;
  /** Applied to the tables and their keys. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** A table and the customer-managed key it is encrypted with. */
export interface KeyedTable {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
}

/**
 * The two tables the recommendations read (infra/aws/facts/recommendations.ts): each user's recent
 * activity, written by the consumer of the activity topics, and the nightly recommendation model,
 * written by the export from the warehouse. Each has its own key, so a function that may only read
 * one cannot decrypt the other; both are on demand (the traffic follows the shop's day), expire
 * their items by TTL, and keep point-in-time recovery.
 */
export class RecommendationTables extends Construct {
  readonly recentActivity: KeyedTable;
  readonly model: KeyedTable;

  constructor(scope: Construct, id: string, props: RecommendationTablesProps) {
    super(scope, id);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const keyedTable = (
      name: string,
      purpose: string,
      tableName: string,
      layout: { partitionKey: string; sortKey: string; ttlAttribute: string },
    ): KeyedTable => {
      const key = platformKey(this, `${name}Key`, {
        alias: keyAlias(platform, purpose),
        description: `Encrypts the table ${tableName}`,
        removalPolicy,
      });
      const table = new dynamodb.Table(this, name, {
        tableName,
        partitionKey: { name: layout.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: layout.sortKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        timeToLiveAttribute: layout.ttlAttribute,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: key,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        removalPolicy,
      });
      return { table, key };
    };
    this.recentActivity = keyedTable(
      'RecentActivity',
      'recent-activity',
      recentActivityTableName(platform),
      RECENT_ACTIVITY_TABLE,
    );
    this.model = keyedTable(
      'RecommendationModel',
      'recommendation-model',
      recommendationModelTableName(platform),
      RECOMMENDATION_MODEL_TABLE,
    );
  }
}

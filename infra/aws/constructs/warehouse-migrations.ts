import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import {
  CustomResource,
  Duration,
  RemovalPolicy,
  type custom_resources as cr,
  type aws_kms as kms,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, type Platform } from '../../platform';
import { platformProvider } from './custom-resource-provider';
import { PlatformFunction } from './platform-function';
import { grantWarehouseStatements } from '../grants/warehouse-data-api';
import { bundleSqlFolders } from '../props/warehouse-sql';
import { lambdaHandlerEntry } from '../facts/functions';
import {
  BUNDLED_SQL_DIRECTORY,
  sqlFingerprint,
  MIGRATIONS_DEFAULTS,
  MIGRATIONS_RESOURCE_TYPE,
  MIGRATIONS_SERVICE_NAME,
  migrationsFunctionName,
  migrationsResourceProperties,
  MIGRATIONS_LOGICAL_ID,
} from '../facts/warehouse';

/** What a deployment may tune; every field has a default. */
export interface WarehouseMigrationsOptions {
  /** @default 256 */
  readonly memorySize?: number;
  /** Lambda's maximum: a migration of large tables may take minutes. @default Duration.minutes(15) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** The handler file. @default lambdas/warehouse-migrations/handler.ts */
  readonly handlerEntry?: string;
}

export interface WarehouseMigrationsProps extends WarehouseMigrationsOptions {
  readonly platform: Platform;
  readonly workgroupName: string;
  /** What the Data API authorises statements on. */
  readonly workgroupArn: string;
  readonly databaseName: string;
  /**
   * The namespace's admin secret: migrations create schemas, roles and grants, which the
   * function's own IAM identity may not do on a fresh namespace, so they connect as the admin.
   */
  readonly adminSecretArn: string;
  /** The key `adminSecretArn` is encrypted with. */
  readonly adminSecretKey: kms.IKey;
  /** The `sql/` folder whose `migrations/` is bundled and fingerprinted. */
  readonly sqlDirectory: string;
  /** Applied to the log groups and their keys. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Applies `sql/migrations` on every deploy that changes them: a custom resource whose
 * `MigrationsFingerprint` property is the hash of the migration files, so CloudFormation
 * updates it (and the handler migrates) exactly when a migration is added or changed. A failed
 * migration fails the deploy, which rolls the stack back; nothing is half-applied because each
 * migration is one transaction.
 */
export class WarehouseMigrations extends Construct {
  readonly function: PlatformFunction;
  readonly provider: cr.Provider;
  readonly resource: CustomResource;
  /** sha256 of `sql/migrations` (see sqlFingerprint). */
  readonly fingerprint: string;

  constructor(scope: Construct, id: string, props: WarehouseMigrationsProps) {
    super(scope, id);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const logRetention = props.logRetention ?? logs.RetentionDays.THREE_MONTHS;
    const functionName = migrationsFunctionName(platform);
    this.fingerprint = sqlFingerprint(join(props.sqlDirectory, 'migrations'));

    this.function = new PlatformFunction(this, 'Function', {
      functionName,
      description: 'Applies the warehouse migrations (sql/migrations) through the Data API',
      handlerEntry: props.handlerEntry ?? lambdaHandlerEntry(MIGRATIONS_SERVICE_NAME),
      memorySize: props.memorySize ?? MIGRATIONS_DEFAULTS.memorySize,
      timeout: props.timeout ?? Duration.seconds(MIGRATIONS_DEFAULTS.timeoutSeconds),
      environment: {
        PLATFORM_ENV: platform.environmentName,
        WAREHOUSE_WORKGROUP: props.workgroupName,
        WAREHOUSE_DATABASE: props.databaseName,
        WAREHOUSE_SECRET_ARN: props.adminSecretArn,
        SQL_DIRECTORY: BUNDLED_SQL_DIRECTORY,
        POWERTOOLS_SERVICE_NAME: MIGRATIONS_SERVICE_NAME,
      },
      logRetention,
      logKeyAlias: keyAlias(platform, `${MIGRATIONS_SERVICE_NAME}-logs`),
      removalPolicy,
      commandHooks: bundleSqlFolders(props.sqlDirectory, ['migrations']),
    });
    grantWarehouseStatements(this.function, props.workgroupArn, {
      kind: 'secret',
      secretArn: props.adminSecretArn,
      secretKey: props.adminSecretKey,
    });

    this.provider = platformProvider(this, {
      platform,
      onEvent: this.function,
      functionName,
      serviceName: MIGRATIONS_SERVICE_NAME,
      purpose: 'migrations',
      logRetention,
      removalPolicy,
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: MIGRATIONS_RESOURCE_TYPE,
      properties: migrationsResourceProperties({ ...props, fingerprint: this.fingerprint }),
    });
    (this.resource.node.defaultChild as CfnResource).overrideLogicalId(MIGRATIONS_LOGICAL_ID);
  }
}

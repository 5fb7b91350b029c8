import { join } from 'node:path';
import {
  CustomResource,
  Duration,
  RemovalPolicy,
  type custom_resources as cr,
  type aws_kms as kms,
  aws_logs as logs,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, resourcePrefix, type Platform } from '../../platform';
import { platformProvider } from './custom-resource-provider';
import { PlatformFunction, lambdaHandlerEntry } from './platform-function';
import { grantWarehouseStatements } from './warehouse-data-api';
import { BUNDLED_SQL_DIRECTORY, bundleSqlFolders, sqlFingerprint } from './warehouse-sql';

/** Folder and Powertools service name of the migrations function. */
export const MIGRATIONS_SERVICE_NAME = 'warehouse-migrations';

/** The defaults of WarehouseMigrationsOptions, shared with the local deployment. */
export const MIGRATIONS_DEFAULTS = {
  memorySize: 256,
  timeout: Duration.minutes(15),
} as const;

/** The custom resource's CloudFormation type. */
export const MIGRATIONS_RESOURCE_TYPE = 'Custom::WarehouseMigrations';

/** `hybrid-lake-dev-warehouse-migrations` */
export function migrationsFunctionName(platform: Platform): string {
  return `${resourcePrefix(platform)}-${MIGRATIONS_SERVICE_NAME}`;
}

/**
 * The custom resource's properties (besides ServiceToken): the fingerprint makes CloudFormation
 * update the resource exactly when the migrations change.
 */
export function migrationsResourceProperties(props: {
  readonly fingerprint: string;
  readonly workgroupName: string;
  readonly databaseName: string;
}): { MigrationsFingerprint: string; WorkgroupName: string; Database: string } {
  return {
    MigrationsFingerprint: props.fingerprint,
    WorkgroupName: props.workgroupName,
    Database: props.databaseName,
  };
}

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
      timeout: props.timeout ?? MIGRATIONS_DEFAULTS.timeout,
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
  }
}

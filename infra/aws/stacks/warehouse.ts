import {
  CfnOutput,
  CrossStackReferences,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  type aws_ec2 as ec2,
  type aws_kms as kms,
  type aws_s3 as s3,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { bucketName, type Platform, type WarehouseSettings, type ZoneName } from '../../platform';
import { WarehouseCopyRole } from '../constructs/warehouse-copy-role';
import { WarehouseMl } from '../constructs/warehouse-ml';
import { WarehouseElt, type WarehouseEltOptions } from '../constructs/warehouse-elt';
import {
  WarehouseMigrations,
  type WarehouseMigrationsOptions,
} from '../constructs/warehouse-migrations';
import { WarehouseServerless } from '../constructs/warehouse-serverless';
import { SQL_SOURCE_DIRECTORY } from '../facts/warehouse';

export interface WarehouseStackProps extends StackProps {
  readonly platform: Platform;
  /** `DataLakeStack.zoneBuckets`; the clean and curated buckets must carry their KMS key. */
  readonly zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>;
  /** `CatalogStack.encryption.key`: Spectrum reads the catalog through it. */
  readonly catalogKey: kms.IKey;
  /** `NetworkStack.vpc`: the workgroup takes its isolated subnets (at least three). */
  readonly vpc: ec2.IVpc;
  /** The Glue job whose success starts the daily ELT (`EtlStack.cleanToCurated.jobName`). */
  readonly cleanToCuratedJobName: string;
  /** The folder holding `migrations/`, `loads/` and `transforms/`. @default SQL_SOURCE_DIRECTORY (the repository's sql/) */
  readonly sqlDirectory?: string;
  /** @default platform.environment.warehouse */
  readonly settings?: WarehouseSettings;
  /** Sizing and handler of the migrations function. @default the defaults of WarehouseMigrationsOptions */
  readonly migrations?: WarehouseMigrationsOptions;
  /** Sizing, retries and handler of the ELT function. @default the defaults of WarehouseEltOptions */
  readonly elt?: WarehouseEltOptions;
  /** Applied to the namespace, keys, log groups and dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The warehouse (docs/architecture.md#warehouse-elt-in-sql): Redshift Serverless reached only
 * through the Data API, the role COPY and Spectrum assume, the Redshift ML role and bucket, the
 * migrations applied on deploy, and the daily ELT (which trains the customer models) that runs
 * after the batch jobs.
 */
export class WarehouseStack extends Stack {
  readonly serverless: WarehouseServerless;
  readonly copyRole: WarehouseCopyRole;
  /** The Redshift ML role and its bucket, for the customer models (sql/models). */
  readonly ml: WarehouseMl;
  readonly migrations: WarehouseMigrations;
  readonly elt: WarehouseElt;
  /** The database the migrations, the ELT and the readers address. */
  readonly databaseName: string;

  constructor(scope: Construct, id: string, props: WarehouseStackProps) {
    super(scope, id, props);
    // Strong (exports): the lake, catalog, network and ETL stacks cannot be deleted while the warehouse uses them.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { platform } = props;
    const settings = props.settings ?? platform.environment.warehouse;
    const sqlDirectory = props.sqlDirectory ?? SQL_SOURCE_DIRECTORY;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.databaseName = settings.databaseName;

    this.copyRole = new WarehouseCopyRole(this, 'CopyRole', {
      platform,
      zoneBuckets: props.zoneBuckets,
      catalogKey: props.catalogKey,
    });
    this.ml = new WarehouseMl(this, 'Ml', { platform, removalPolicy });
    this.serverless = new WarehouseServerless(this, 'Serverless', {
      platform,
      settings,
      vpc: props.vpc,
      copyRole: this.copyRole.role,
      otherRoles: [this.ml.role],
      removalPolicy,
    });
    const workgroupName = this.serverless.workgroup.workgroupName;
    const target = {
      platform,
      workgroupName,
      workgroupArn: this.serverless.workgroupArn,
      databaseName: settings.databaseName,
      sqlDirectory,
      removalPolicy,
    };

    this.migrations = new WarehouseMigrations(this, 'Migrations', {
      ...props.migrations,
      ...target,
      adminSecretArn: this.serverless.adminSecretArn,
      adminSecretKey: this.serverless.adminSecretKey,
    });
    // Statements need a workgroup that exists and is available.
    this.migrations.resource.node.addDependency(this.serverless.workgroup);

    this.elt = new WarehouseElt(this, 'Elt', {
      ...props.elt,
      ...target,
      cleanToCuratedJobName: props.cleanToCuratedJobName,
      cleanBucketName: bucketName(platform, 'clean', this.account, this.region),
      curatedBucketName: bucketName(platform, 'curated', this.account, this.region),
      copyRoleArn: this.copyRole.role.roleArn,
      ml: {
        roleArn: this.ml.role.roleArn,
        bucketName: this.ml.bucket.bucketName,
        keyArn: this.ml.key.keyArn,
      },
    });
    // A run before the first migrations would find no tables.
    this.elt.function.function.node.addDependency(this.migrations.resource);

    new CfnOutput(this, 'WorkgroupName', {
      value: workgroupName,
      description: 'WAREHOUSE_WORKGROUP: the Data API addresses statements by it',
    });
    new CfnOutput(this, 'DatabaseName', {
      value: settings.databaseName,
      description: 'WAREHOUSE_DATABASE',
    });
    new CfnOutput(this, 'CopyRoleArn', {
      value: this.copyRole.role.roleArn,
      description: 'The IAM_ROLE of COPY and of Spectrum external schemas',
    });
    new CfnOutput(this, 'EltFunctionName', {
      value: this.elt.function.function.functionName,
      description:
        'Run a day by hand: aws lambda invoke --function-name <this> --payload {"day":"YYYY-MM-DD"}',
    });
  }
}

import {
  CfnOutput,
  CrossStackReferences,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  aws_glue as glue,
  type aws_kms as kms,
  type aws_s3 as s3,
} from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  bucketName,
  catalogDatabaseName,
  catalogTables,
  type Platform,
  type ZoneName,
} from '../../platform';
import { CatalogEncryption } from '../constructs/catalog-encryption';
import { glueTableInput } from '../props/glue-table-input';
import {
  PartitionRegistration,
  type PartitionRegistrationOptions,
} from '../constructs/partition-registration';

export interface CatalogStackProps extends StackProps {
  readonly platform: Platform;
  /** The zone buckets (`DataLakeStack.zoneBuckets`); zones with tables must carry their KMS key. */
  readonly zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>;
  /** Sizing and batching of the registration function. @default the defaults of PartitionRegistrationOptions */
  readonly registration?: PartitionRegistrationOptions;
  /** Applied to the databases, tables, keys, log group and dead-letter queue. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** A zone holds tables but its bucket has no key to give Glue's security configuration. */
export class CatalogConfigurationError extends Error {
  override readonly name = 'CatalogConfigurationError';
}

/**
 * The Glue Data Catalog as the platform definition implies it (`infra/platform/catalog.ts`): a
 * database per zone, a table per dataset and zone, encrypted at rest with a customer key, Glue
 * security configurations for the jobs that write the zones, and the event-driven registration
 * that adds partitions as objects arrive.
 */
export class CatalogStack extends Stack {
  readonly encryption: CatalogEncryption;
  readonly databases: ReadonlyMap<ZoneName, glue.CfnDatabase>;
  readonly tables: readonly glue.CfnTable[];
  readonly registration: PartitionRegistration;

  constructor(scope: Construct, id: string, props: CatalogStackProps) {
    super(scope, id, props);
    // Strong (exports): the lake stack cannot be deleted while security configurations use its keys.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { platform } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const tables = catalogTables(platform);
    const tableZones = platform.zones
      .map((zone) => zone.name)
      .filter((zone) => tables.some((table) => table.zone === zone));

    this.encryption = new CatalogEncryption(this, 'Encryption', {
      platform,
      zoneKeys: new Map(tableZones.map((zone) => [zone, zoneKey(props.zoneBuckets, zone)])),
      removalPolicy,
    });

    const databases = new Map<ZoneName, glue.CfnDatabase>();
    for (const zone of tableZones) {
      const description = platform.zones.find((candidate) => candidate.name === zone)?.description;
      const database = new glue.CfnDatabase(this, `Database-${zone}`, {
        catalogId: this.account,
        databaseInput: {
          name: catalogDatabaseName(platform, zone),
          ...(description !== undefined && { description: `${zone} zone: ${description}` }),
        },
      });
      database.applyRemovalPolicy(removalPolicy);
      // Tables and partitions are encrypted when they are written, so the setting comes first.
      database.addResourceDependency(this.encryption.settings);
      databases.set(zone, database);
    }
    this.databases = databases;

    this.tables = tables.map((table) => {
      const cfnTable = new glue.CfnTable(this, `Table-${table.zone}-${table.table}`, {
        catalogId: this.account,
        databaseName: table.database,
        tableInput: glueTableInput(
          table,
          bucketName(platform, table.zone, this.account, this.region),
        ),
      });
      cfnTable.applyRemovalPolicy(removalPolicy);
      const database = databases.get(table.zone);
      if (database) cfnTable.addResourceDependency(database);
      return cfnTable;
    });

    this.registration = new PartitionRegistration(this, 'Registration', {
      platform,
      catalogKey: this.encryption.key,
      ...props.registration,
      removalPolicy,
    });

    new CfnOutput(this, 'CatalogKeyArn', {
      value: this.encryption.key.keyArn,
      description:
        'Every reader and writer of the catalog needs kms:Decrypt/Encrypt/GenerateDataKey on it',
    });
  }
}

function zoneKey(zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>, zone: ZoneName): kms.IKey {
  const key = zoneBuckets[zone].encryptionKey;
  if (!key) {
    throw new CatalogConfigurationError(
      `the ${zone} bucket carries no KMS key; Glue jobs writing it would have none to encrypt with`,
    );
  }
  return key;
}

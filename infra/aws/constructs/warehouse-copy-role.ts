import {
  Stack,
  Validations,
  aws_iam as iam,
  type aws_kms as kms,
  type aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { bucketName, catalogTables, type Platform, type ZoneName } from '../../platform';
import { CATALOG_READ_ACTIONS, ZONE_READ_ACTIONS } from './etl-job-role';
import { nagName } from '../nag/nag-names';

/** The zones the warehouse loads from (COPY) and reads in place (Spectrum). */
export const WAREHOUSE_SOURCE_ZONES = ['clean', 'curated'] as const satisfies readonly ZoneName[];

/** Redshift assumes a namespace's roles as either service, depending on the feature. */
export const REDSHIFT_SERVICE_PRINCIPALS = [
  'redshift.amazonaws.com',
  'redshift-serverless.amazonaws.com',
];

export interface WarehouseCopyRoleProps {
  readonly platform: Platform;
  /** `DataLakeStack.zoneBuckets`; the source zones must carry their KMS key. */
  readonly zoneBuckets: Readonly<Record<ZoneName, s3.IBucket>>;
  /** `CatalogStack.encryption.key`: Glue decrypts the catalog with the caller's permissions. */
  readonly catalogKey: kms.IKey;
}

/** A source zone's bucket has no key to grant decryption with. */
export class WarehouseCopyRoleError extends Error {
  override readonly name = 'WarehouseCopyRoleError';
}

/**
 * The role the namespace assumes for `COPY … IAM_ROLE` and for Spectrum over the Glue catalog:
 * read-only on the clean and curated buckets (their keys may only decrypt, through S3), and on
 * the clean and curated catalog databases and their tables (the catalog key, through Glue).
 */
export class WarehouseCopyRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: WarehouseCopyRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { platform } = props;
    const through = (service: string) => ({
      StringEquals: { 'kms:ViaService': `${service}.${stack.region}.amazonaws.com` },
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.CompositePrincipal(
        ...REDSHIFT_SERVICE_PRINCIPALS.map((service) => new iam.ServicePrincipal(service)),
      ),
      description: 'Redshift COPY and Spectrum: read the clean and curated zones and their catalog',
    });

    // By name, as every role of the platform names the zone buckets (bucketName in infra/platform).
    const bucketArns = WAREHOUSE_SOURCE_ZONES.map(
      (zone) =>
        `arn:${stack.partition}:s3:::${bucketName(platform, zone, stack.account, stack.region)}`,
    );
    const keys = WAREHOUSE_SOURCE_ZONES.map((zone) => {
      const key = props.zoneBuckets[zone].encryptionKey;
      if (!key) throw new WarehouseCopyRoleError(`the ${zone} bucket carries no KMS key`);
      return key;
    });
    const tables = catalogTables(platform).filter((table) =>
      (WAREHOUSE_SOURCE_ZONES as readonly ZoneName[]).includes(table.zone),
    );
    const databases = [...new Set(tables.map((table) => table.database))];
    const glueArn = (resource: string, resourceName?: string) =>
      stack.formatArn({ service: 'glue', resource, ...(resourceName && { resourceName }) });

    const statements = [
      new iam.PolicyStatement({
        sid: 'ListSourceBuckets',
        actions: ZONE_READ_ACTIONS.filter((action) => action !== 's3:GetObject'),
        resources: bucketArns,
      }),
      new iam.PolicyStatement({
        sid: 'ReadSourceObjects',
        actions: ['s3:GetObject'],
        resources: bucketArns.map((arn) => `${arn}/*`),
      }),
      new iam.PolicyStatement({
        sid: 'DecryptSourceObjects',
        actions: ['kms:Decrypt'],
        resources: keys.map((key) => key.keyArn),
        conditions: through('s3'),
      }),
      new iam.PolicyStatement({
        sid: 'ReadSourceCatalog',
        actions: CATALOG_READ_ACTIONS,
        resources: [
          glueArn('catalog'),
          ...databases.map((database) => glueArn('database', database)),
          ...tables.map((table) => glueArn('table', `${table.database}/${table.table}`)),
        ],
      }),
      new iam.PolicyStatement({
        sid: 'DecryptCatalog',
        actions: ['kms:Decrypt'],
        resources: [props.catalogKey.keyArn],
        conditions: through('glue'),
      }),
    ];
    for (const statement of statements) this.role.addToPrincipalPolicy(statement);

    const policy = this.role.node.findChild('DefaultPolicy');
    WAREHOUSE_SOURCE_ZONES.forEach((zone, index) => {
      Validations.of(policy).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagName(stack, `${bucketArns[index] ?? ''}/*`)}]`,
        reason: `Objects of the ${zone} zone, read-only: every dataset and aggregate there is warehouse input, and the partitions COPY reads do not exist yet at deploy time.`,
      });
    });
  }
}

import type { aws_kms as kms } from 'aws-cdk-lib';
import { RemovalPolicy, Stack, aws_glue as glue, aws_ssm as ssm } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { allowLogsToUseKey, platformKey } from './platform-key';
import { keyAlias, resourcePrefix, type Platform, type ZoneName } from '../../platform';

export interface CatalogEncryptionProps {
  readonly platform: Platform;
  /** The key of each zone Glue writes to (the zone bucket's own key); one security configuration each. */
  readonly zoneKeys: ReadonlyMap<ZoneName, kms.IKey>;
  /** Applied to the catalog key. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** Glue writes its CloudWatch logs here when a security configuration encrypts them. */
const GLUE_LOG_GROUPS = '/aws-glue/*';

/**
 * The SSM parameter by which one environment claims its account and region. Its name is the
 * same for every environment (and every platform built from this code), so a second one's
 * catalog stack fails to create it ("already exists") before it touches the catalog settings.
 */
export const ENVIRONMENT_CLAIM_PARAMETER = '/hybrid-lake/environment';

/**
 * Encryption of everything Glue keeps: the Data Catalog's metadata and connection passwords, and
 * the logs and job bookmarks of Glue jobs and crawlers, all under one rotating customer key. The
 * objects jobs write stay under their zone's own key: one security configuration per zone.
 */
export class CatalogEncryption extends Construct {
  readonly key: kms.Key;
  /** `hybrid-lake-dev-raw`, … : what a job writing that zone runs with. */
  readonly securityConfigurations: ReadonlyMap<ZoneName, glue.CfnSecurityConfiguration>;
  readonly settings: glue.CfnDataCatalogEncryptionSettings;
  /** `/hybrid-lake/environment` = `hybrid-lake-dev`: see ENVIRONMENT_CLAIM_PARAMETER. */
  readonly environmentClaim: ssm.StringParameter;

  constructor(scope: Construct, id: string, props: CatalogEncryptionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    // The default key policy lets the account's IAM policies grant use of the key; Glue then
    // calls KMS as whoever calls Glue, so each reader and writer of the catalog is granted it.
    this.key = platformKey(this, 'Key', {
      alias: keyAlias(props.platform, 'catalog'),
      description: 'Encrypts the Glue Data Catalog, connection passwords, Glue logs and bookmarks',
      removalPolicy,
    });
    // Glue writes its job logs under its own log groups, encrypted with this key.
    allowLogsToUseKey(this.key, {
      sid: 'AllowCloudWatchLogsForGlueLogGroups',
      logGroupName: GLUE_LOG_GROUPS,
      match: 'like',
    });

    const configurations = new Map<ZoneName, glue.CfnSecurityConfiguration>();
    for (const [zone, zoneKey] of props.zoneKeys) {
      configurations.set(
        zone,
        new glue.CfnSecurityConfiguration(this, `SecurityConfiguration-${zone}`, {
          name: `${resourcePrefix(props.platform)}-${zone}`,
          encryptionConfiguration: {
            s3Encryptions: [{ s3EncryptionMode: 'SSE-KMS', kmsKeyArn: zoneKey.keyArn }],
            cloudWatchEncryption: {
              cloudWatchEncryptionMode: 'SSE-KMS',
              kmsKeyArn: this.key.keyArn,
            },
            jobBookmarksEncryption: {
              jobBookmarksEncryptionMode: 'CSE-KMS',
              kmsKeyArn: this.key.keyArn,
            },
          },
        }),
      );
    }
    this.securityConfigurations = configurations;

    // The Data Catalog's encryption settings exist once per account and region: a second
    // environment there would silently switch the first one's catalog to its own key. The claim
    // fails that deploy loudly instead, and the settings wait for it, so a failed claim leaves
    // the other environment's settings untouched.
    this.environmentClaim = new ssm.StringParameter(this, 'EnvironmentClaim', {
      parameterName: ENVIRONMENT_CLAIM_PARAMETER,
      stringValue: resourcePrefix(props.platform),
      description:
        'The one environment of this account and region (Glue Data Catalog encryption is per account and region)',
    });

    this.settings = new glue.CfnDataCatalogEncryptionSettings(this, 'Settings', {
      catalogId: stack.account,
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: 'SSE-KMS', sseAwsKmsKeyId: this.key.keyArn },
        connectionPasswordEncryption: {
          returnConnectionPasswordEncrypted: true,
          kmsKeyId: this.key.keyArn,
        },
      },
    });
    this.settings.node.addDependency(this.environmentClaim);
  }
}

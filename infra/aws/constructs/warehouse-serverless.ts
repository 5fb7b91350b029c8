import {
  RemovalPolicy,
  Stack,
  custom_resources as cr,
  aws_ec2 as ec2,
  type aws_iam as iam,
  type aws_kms as kms,
  aws_redshiftserverless as redshiftserverless,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { keyAlias, resourcePrefix, type Platform, type WarehouseSettings } from '../../platform';
import { acknowledgeAwsCustomResourceFunction } from '../nag/aws-custom-resource-nag';
import { platformKey } from './platform-key';
import { WAREHOUSE_ADMIN_USERNAME } from '../facts/warehouse';

/** The audit logs the namespace exports to CloudWatch Logs. */
export const WAREHOUSE_LOG_EXPORTS = ['userlog', 'connectionlog', 'useractivitylog'];

/** Database parameters of the workgroup: TLS for every connection, every statement logged. */
export const WAREHOUSE_CONFIG_PARAMETERS = {
  require_ssl: 'true',
  enable_user_activity_logging: 'true',
} as const;

/** Where GetNamespace returns the managed admin secret. */
const ADMIN_SECRET_ARN_PATH = 'namespace.adminPasswordSecretArn';

/** With enhanced VPC routing, a workgroup needs subnets in at least three Availability Zones. */
export const MIN_WAREHOUSE_SUBNETS = 3;

export interface WarehouseServerlessProps {
  readonly platform: Platform;
  readonly settings: WarehouseSettings;
  readonly vpc: ec2.IVpc;
  /** Attached to the namespace and made its default (`IAM_ROLE default`). */
  readonly copyRole: iam.IRole;
  /** Also attached to the namespace: the roles statements name in `IAM_ROLE '<arn>'` (Redshift ML). */
  readonly otherRoles?: readonly iam.IRole[];
  /** Applied to the namespace and both keys. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** The VPC cannot host a workgroup as configured. */
export class WarehouseNetworkError extends Error {
  override readonly name = 'WarehouseNetworkError';
}

/**
 * A Redshift Serverless namespace (storage: customer key, managed admin password, audit logs,
 * the COPY role) and its workgroup (compute: isolated subnets, no public endpoint, enhanced VPC
 * routing, TLS required). Nothing connects to the workgroup's endpoint: the platform reaches it
 * through the Redshift Data API, which needs no ingress into the VPC.
 */
export class WarehouseServerless extends Construct {
  readonly namespace: redshiftserverless.CfnNamespace;
  readonly workgroup: redshiftserverless.CfnWorkgroup;
  readonly securityGroup: ec2.SecurityGroup;
  readonly dataKey: kms.Key;
  readonly adminSecretKey: kms.Key;
  /**
   * ARN of the secret Redshift keeps the admin credentials in (`ManageAdminPassword`), encrypted
   * with `adminSecretKey`. CloudFormation does not return it, so it is read with GetNamespace.
   */
  readonly adminSecretArn: string;

  constructor(scope: Construct, id: string, props: WarehouseServerlessProps) {
    super(scope, id);
    const { platform, settings } = props;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const name = resourcePrefix(platform);

    const subnets = props.vpc.isolatedSubnets;
    if (subnets.length < MIN_WAREHOUSE_SUBNETS) {
      throw new WarehouseNetworkError(
        `the workgroup needs isolated subnets in at least ${MIN_WAREHOUSE_SUBNETS} Availability Zones (enhanced VPC routing); the VPC has ${subnets.length}`,
      );
    }

    this.dataKey = platformKey(this, 'DataKey', {
      alias: keyAlias(platform, 'warehouse'),
      description: 'Encrypts the Redshift Serverless namespace (tables, snapshots)',
      removalPolicy,
    });
    this.adminSecretKey = platformKey(this, 'AdminSecretKey', {
      alias: keyAlias(platform, 'warehouse-admin-secret'),
      description: 'Encrypts the warehouse admin password Redshift keeps in Secrets Manager',
      removalPolicy,
    });

    this.namespace = new redshiftserverless.CfnNamespace(this, 'Namespace', {
      namespaceName: name,
      dbName: settings.databaseName,
      adminUsername: WAREHOUSE_ADMIN_USERNAME,
      manageAdminPassword: true,
      adminPasswordSecretKmsKeyId: this.adminSecretKey.keyArn,
      kmsKeyId: this.dataKey.keyArn,
      iamRoles: [props.copyRole.roleArn, ...(props.otherRoles ?? []).map((role) => role.roleArn)],
      defaultIamRoleArn: props.copyRole.roleArn,
      logExports: WAREHOUSE_LOG_EXPORTS,
    });
    this.namespace.applyRemovalPolicy(removalPolicy);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Redshift Serverless workgroup: no inbound; HTTPS out to the VPC endpoints',
      allowAllOutbound: false,
    });
    // Enhanced VPC routing sends COPY and Spectrum traffic through the VPC: to S3 over its
    // gateway endpoint, to Glue, STS and KMS over interface endpoints, all HTTPS. The subnets
    // are isolated, so no other destination is reachable whatever the address.
    this.securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'HTTPS to S3 (gateway endpoint) and the interface endpoints',
    );

    this.workgroup = new redshiftserverless.CfnWorkgroup(this, 'Workgroup', {
      workgroupName: name,
      namespaceName: name,
      baseCapacity: settings.baseCapacity,
      ...(settings.maxCapacity !== undefined && { maxCapacity: settings.maxCapacity }),
      enhancedVpcRouting: true,
      publiclyAccessible: false,
      subnetIds: subnets.map((subnet) => subnet.subnetId),
      securityGroupIds: [this.securityGroup.securityGroupId],
      configParameters: Object.entries(WAREHOUSE_CONFIG_PARAMETERS).map(
        ([parameterKey, parameterValue]) => ({ parameterKey, parameterValue }),
      ),
    });
    this.workgroup.addResourceDependency(this.namespace);

    // AWS::RedshiftServerless::Namespace has no return value for the managed admin secret; the
    // namespace's own API has it. Read once the namespace exists, and again if it is renamed.
    const adminSecret = new cr.AwsCustomResource(this, 'AdminSecretLookup', {
      onUpdate: {
        service: 'RedshiftServerless',
        action: 'GetNamespace',
        parameters: { namespaceName: this.namespace.attrNamespaceNamespaceName },
        physicalResourceId: cr.PhysicalResourceId.of(this.namespace.attrNamespaceNamespaceId),
        outputPaths: [ADMIN_SECRET_ARN_PATH],
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({
        resources: [this.namespace.attrNamespaceNamespaceArn],
      }),
      installLatestAwsSdk: false,
    });
    acknowledgeAwsCustomResourceFunction(Stack.of(this), 'redshift-serverless:GetNamespace');
    this.adminSecretArn = adminSecret.getResponseField(ADMIN_SECRET_ARN_PATH);
  }

  /** `arn:…:redshift-serverless:<region>:<account>:workgroup/<id>`: what the Data API authorises. */
  get workgroupArn(): string {
    return this.workgroup.attrWorkgroupWorkgroupArn;
  }
}

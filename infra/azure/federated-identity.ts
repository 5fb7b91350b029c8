/**
 * The identity the S3 → ADLS function signs in as, without a secret
 * (docs/architecture.md#cross-cloud-identity-without-secrets): a user-assigned managed identity
 * whose federated credential trusts tokens that AWS STS issues to the function's IAM role, and
 * Storage Blob Data Contributor on each mirrored file system, nothing wider.
 */
import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import * as managedidentity from '@pulumi/azure-native/managedidentity';
import { AZURE_FEDERATION_AUDIENCE } from '../platform/federation';
import type { Platform } from '../platform';
import {
  roleDefinitionId,
  STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID,
  transferCredentialName,
  transferIdentityName,
} from './names';

export interface TransferIdentityArgs {
  readonly platform: Platform;
  readonly location: string;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly subscriptionId: pulumi.Input<string>;
  /** Issuer URL of the AWS account's outbound identity federation (the token's `iss`). */
  readonly issuerUrl: pulumi.Input<string>;
  /** IAM role ARN of the transfer function (the token's `sub`). */
  readonly subject: pulumi.Input<string>;
  /** Resource ids of the file systems the function writes to, keyed by zone. */
  readonly fileSystemIds: Readonly<Record<string, pulumi.Input<string>>>;
}

export class TransferIdentity extends pulumi.ComponentResource {
  readonly identity: managedidentity.UserAssignedIdentity;
  readonly credential: managedidentity.FederatedIdentityCredential;
  /** One Storage Blob Data Contributor assignment per file system, keyed by zone. */
  readonly roleAssignments: Readonly<Record<string, authorization.RoleAssignment>>;
  readonly clientId: pulumi.Output<string>;

  constructor(name: string, args: TransferIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super('hybrid-lake:azure:TransferIdentity', name, {}, opts);

    this.identity = new managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      {
        resourceName: transferIdentityName(args.platform),
        resourceGroupName: args.resourceGroupName,
        location: args.location,
      },
      { parent: this },
    );

    this.credential = new managedidentity.FederatedIdentityCredential(
      `${name}-credential`,
      {
        federatedIdentityCredentialResourceName: transferCredentialName(args.platform),
        resourceName: this.identity.name,
        resourceGroupName: args.resourceGroupName,
        issuer: args.issuerUrl,
        subject: args.subject,
        audiences: [AZURE_FEDERATION_AUDIENCE],
      },
      { parent: this },
    );

    const role = pulumi
      .output(args.subscriptionId)
      .apply((subscription) =>
        roleDefinitionId(subscription, STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID),
      );
    const roleAssignments: Record<string, authorization.RoleAssignment> = {};
    for (const [zone, fileSystemId] of Object.entries(args.fileSystemIds)) {
      roleAssignments[zone] = new authorization.RoleAssignment(
        `${name}-${zone}-data-contributor`,
        {
          scope: fileSystemId,
          roleDefinitionId: role,
          principalId: this.identity.principalId,
          // Stated, so Azure does not look the new principal up in Entra ID before replication
          // has caught up (which fails the first deployment with PrincipalNotFound).
          principalType: authorization.PrincipalType.ServicePrincipal,
          description: `s3-to-adls writes the ${zone} mirror`,
        },
        { parent: this },
      );
    }
    this.roleAssignments = roleAssignments;

    this.clientId = this.identity.clientId;
    this.registerOutputs({ clientId: this.clientId, principalId: this.identity.principalId });
  }
}

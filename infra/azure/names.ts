/**
 * Names of the Azure resources that are not part of the platform-wide naming (infra/platform
 * naming.ts holds the storage account and the zone names). Fixed names, not Pulumi auto-names:
 * an operator finds `hybrid-lake-prod-mirror` in the portal, and a second stack cannot create a
 * look-alike next to it.
 */
import { resourcePrefix, type Platform } from '../platform';

/** `hybrid-lake-dev-mirror`: the resource group holding the account and the identity. */
export function resourceGroupName(platform: Platform): string {
  return `${resourcePrefix(platform)}-mirror`;
}

/** `hybrid-lake-dev-transfer`: the managed identity the S3 → ADLS function signs in as. */
export function transferIdentityName(platform: Platform): string {
  return `${resourcePrefix(platform)}-transfer`;
}

/** The federated credential on that identity that trusts the function's IAM role. */
export function transferCredentialName(platform: Platform): string {
  return `${resourcePrefix(platform)}-aws-transfer-role`;
}

/**
 * Storage Blob Data Contributor, a built-in role: read, write and delete blobs and paths, nothing
 * on the account itself. Built-in role ids are the same in every tenant.
 */
export const STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe';

/** `/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<role id>` */
export function roleDefinitionId(subscriptionId: string, roleId: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleId}`;
}

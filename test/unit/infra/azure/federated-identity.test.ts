import { AZURE_FEDERATION_AUDIENCE } from '../../../../infra/platform/federation';
import {
  STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID,
  transferIdentityName,
} from '../../../../infra/azure/names';
import { roleAssignmentViolations } from '../../../../infra/azure/policies';
import { loadPlatform } from '../../../../infra/platform';
import { deployWithMocks, ISSUER_URL, TRANSFER_ROLE_ARN } from './deploy-fixture';
import { recordedResources, SUBSCRIPTION_ID, valueOf } from './pulumi-mocks';

describe('TransferIdentity', () => {
  let mirror: Awaited<ReturnType<typeof deployWithMocks>>;
  beforeAll(async () => {
    mirror = await deployWithMocks();
  });

  it('creates one user-assigned identity in the mirror’s resource group', () => {
    const identities = recordedResources('azure-native:managedidentity:UserAssignedIdentity');
    expect(identities).toHaveLength(1);
    expect(identities[0]?.inputs).toEqual({
      resourceName: transferIdentityName(loadPlatform('dev')),
      resourceGroupName: 'hybrid-lake-dev-mirror',
      location: 'westeurope',
    });
  });

  it('trusts tokens AWS issues to the transfer function’s role, for the Entra exchange audience', () => {
    const [credential, ...others] = recordedResources(
      'azure-native:managedidentity:FederatedIdentityCredential',
    );
    expect(others).toHaveLength(0);
    expect(credential?.inputs).toMatchObject({
      resourceName: transferIdentityName(loadPlatform('dev')),
      resourceGroupName: 'hybrid-lake-dev-mirror',
      issuer: ISSUER_URL,
      subject: TRANSFER_ROLE_ARN,
      audiences: [AZURE_FEDERATION_AUDIENCE],
    });
    expect(AZURE_FEDERATION_AUDIENCE).toBe('api://AzureADTokenExchange');
  });

  it('grants Storage Blob Data Contributor on each file system, to the identity', () => {
    const fileSystemIds = recordedResources('azure-native:storage:BlobContainer').map(
      ({ id }) => id,
    );
    const assignments = recordedResources('azure-native:authorization:RoleAssignment');
    expect(fileSystemIds.length).toBeGreaterThan(0);
    expect(assignments.map(({ inputs }) => String(inputs.scope)).sort()).toEqual(
      [...fileSystemIds].sort(),
    );
    for (const { inputs } of assignments) {
      expect(inputs.roleDefinitionId).toBe(
        `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID}`,
      );
      expect(inputs.principalId).toBe(
        `principal-id-of-${transferIdentityName(loadPlatform('dev'))}`,
      );
      expect(inputs.principalType).toBe('ServicePrincipal');
    }
    expect(STORAGE_BLOB_DATA_CONTRIBUTOR_ROLE_ID).toBe('ba92f5b4-2d11-453d-a403-e96b0029c9fe');
  });

  it('scopes every role assignment to a file system, never the subscription, group or account', () => {
    const assignments = recordedResources('azure-native:authorization:RoleAssignment');
    expect(assignments.length).toBeGreaterThan(0);
    for (const { inputs } of assignments) {
      expect(inputs.scope).toMatch(/\/blobServices\/default\/containers\/[a-z]+$/);
      expect(inputs.scope).not.toMatch(/^\/subscriptions\/[^/]+$/);
      expect(inputs.scope).not.toMatch(/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/);
      expect(roleAssignmentViolations(inputs)).toEqual([]);
    }
  });

  it('exposes the identity’s client id', async () => {
    await expect(valueOf(mirror.transferIdentity.clientId)).resolves.toBe(
      `client-id-of-${transferIdentityName(loadPlatform('dev'))}`,
    );
  });
});

import {
  blobContainerViolations,
  blobServiceViolations,
  policyViolations,
  roleAssignmentViolations,
  storageAccountViolations,
} from '../../../../infra/azure/policies';
import { deployWithMocks } from './deploy-fixture';
import { recordedResources, SUBSCRIPTION_ID } from './pulumi-mocks';

const SECURE_ACCOUNT = {
  isHnsEnabled: true,
  enableHttpsTrafficOnly: true,
  minimumTlsVersion: 'TLS1_2',
  allowBlobPublicAccess: false,
  allowSharedKeyAccess: false,
  defaultToOAuthAuthentication: true,
  encryption: { requireInfrastructureEncryption: true },
  networkRuleSet: { defaultAction: 'Deny' },
};

const policiesOf = (violations: { policy: string }[]) => violations.map(({ policy }) => policy);

describe('storage account policy', () => {
  it('passes a secure account', () => expect(storageAccountViolations(SECURE_ACCOUNT)).toEqual([]));

  it.each([
    ['storage-hierarchical-namespace', { isHnsEnabled: false }],
    ['storage-https-only', { enableHttpsTrafficOnly: false }],
    ['storage-minimum-tls', { minimumTlsVersion: 'TLS1_0' }],
    ['storage-no-public-blob-access', { allowBlobPublicAccess: true }],
    ['storage-no-shared-key', { allowSharedKeyAccess: true }],
    ['storage-no-shared-key', { allowSharedKeyAccess: undefined }],
    ['storage-oauth-default', { defaultToOAuthAuthentication: false }],
    ['storage-infrastructure-encryption', { encryption: {} }],
    ['storage-firewall-deny', { networkRuleSet: { defaultAction: 'Allow' } }],
    ['storage-firewall-deny', { networkRuleSet: undefined }],
  ])('reports %s', (policy, change) => {
    expect(policiesOf(storageAccountViolations({ ...SECURE_ACCOUNT, ...change }))).toEqual([
      policy,
    ]);
  });

  it('accepts TLS 1.3', () =>
    expect(storageAccountViolations({ ...SECURE_ACCOUNT, minimumTlsVersion: 'TLS1_3' })).toEqual(
      [],
    ));
});

describe('blob service policy', () => {
  const secure = {
    deleteRetentionPolicy: { enabled: true, days: 7 },
    containerDeleteRetentionPolicy: { enabled: true, days: 7 },
  };
  it('passes soft delete of blobs and file systems', () =>
    expect(blobServiceViolations(secure)).toEqual([]));
  it('reports disabled blob soft delete', () =>
    expect(
      policiesOf(blobServiceViolations({ ...secure, deleteRetentionPolicy: { enabled: false } })),
    ).toEqual(['blob-soft-delete']));
  it('reports missing file system soft delete', () =>
    expect(
      policiesOf(blobServiceViolations({ deleteRetentionPolicy: secure.deleteRetentionPolicy })),
    ).toEqual(['container-soft-delete']));
});

describe('file system policy', () => {
  it('passes a private file system', () =>
    expect(blobContainerViolations({ publicAccess: 'None' })).toEqual([]));
  it.each(['Blob', 'Container', undefined])('reports publicAccess %s', (publicAccess) =>
    expect(policiesOf(blobContainerViolations({ publicAccess }))).toEqual(['file-system-private']),
  );
});

describe('role assignment scope policy', () => {
  const group = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/hybrid-lake-dev-mirror`;
  const account = `${group}/providers/Microsoft.Storage/storageAccounts/hybridlakedev1a2b3c`;

  it('passes a file system scope', () =>
    expect(
      roleAssignmentViolations({ scope: `${account}/blobServices/default/containers/raw` }),
    ).toEqual([]));

  it.each([
    [`/subscriptions/${SUBSCRIPTION_ID}`, /whole subscription/],
    [`/subscriptions/${SUBSCRIPTION_ID}/`, /whole subscription/],
    [group, /whole resource group/],
    [account, /must be one file system/],
    [`${account}/blobServices/default`, /must be one file system/],
    ['', /must be one file system/],
  ])('reports scope %s', (scope, message) => {
    const violations = roleAssignmentViolations({ scope });
    expect(policiesOf(violations)).toEqual(['role-scope-file-system']);
    expect(violations[0]?.message).toMatch(message);
  });
});

describe('the program against its own policies', () => {
  it('dispatches by resource type and ignores types without rules', () => {
    expect(policiesOf(policyViolations('azure-native:storage:BlobContainer', {}))).toEqual([
      'file-system-private',
    ]);
    expect(policyViolations('azure-native:resources:ResourceGroup', {})).toEqual([]);
  });

  it.each(['dev', 'prod'] as const)('declares no violating resource in %s', async (environment) => {
    await deployWithMocks({ environment });
    const checked = recordedResources().filter(({ type }) =>
      [
        'azure-native:storage:StorageAccount',
        'azure-native:storage:BlobServiceProperties',
        'azure-native:storage:BlobContainer',
        'azure-native:authorization:RoleAssignment',
      ].includes(type),
    );
    expect(checked.length).toBeGreaterThanOrEqual(6);
    for (const { type, inputs } of checked) expect(policyViolations(type, inputs)).toEqual([]);
  });
});

import { loadPlatform, storageAccountName } from '../../../../infra/platform';
import { resourceGroupName } from '../../../../infra/azure/names';
import { awaitedResourceCount, deployWithMocks, TEST_CONFIG } from './deploy-fixture';
import { isProtected, recordedResources, SUBSCRIPTION_ID, valueOf } from './pulumi-mocks';

const only = (type: string) => {
  const [resource, ...others] = recordedResources(type);
  expect(others).toHaveLength(0);
  if (!resource) throw new Error(`no ${type} was declared`);
  return resource;
};

describe('DataLakeAccount (dev)', () => {
  const platform = loadPlatform('dev');
  let mirror: Awaited<ReturnType<typeof deployWithMocks>>;
  beforeAll(async () => {
    mirror = await deployWithMocks();
  });

  it('waited for every resource it declared before asserting', () => {
    const declared = recordedResources().filter(({ type }) => type.startsWith('azure-native:'));
    expect(declared).toHaveLength(awaitedResourceCount(mirror));
  });

  it('puts everything in the environment’s resource group and region', () => {
    const group = only('azure-native:resources:ResourceGroup');
    expect(group.inputs).toEqual({
      resourceGroupName: 'hybrid-lake-dev-mirror',
      location: 'westeurope',
    });
    expect(group.inputs.resourceGroupName).toBe(resourceGroupName(platform));
    expect(only('azure-native:storage:StorageAccount').inputs.resourceGroupName).toBe(
      group.inputs.resourceGroupName,
    );
  });

  describe('storage account', () => {
    const account = () => only('azure-native:storage:StorageAccount').inputs;

    it('is named from the platform and the subscription', () =>
      expect(account().accountName).toBe(storageAccountName(platform, SUBSCRIPTION_ID)));
    it('is a StorageV2 account with a hierarchical namespace (ADLS Gen2)', () => {
      expect(account().kind).toBe('StorageV2');
      expect(account().isHnsEnabled).toBe(true);
    });
    it('takes HTTPS only, TLS 1.2 at least', () => {
      expect(account().enableHttpsTrafficOnly).toBe(true);
      expect(account().minimumTlsVersion).toBe('TLS1_2');
    });
    it('allows no anonymous blob access', () =>
      expect(account().allowBlobPublicAccess).toBe(false));
    it('refuses Shared Key by default and signs users in with Entra ID', () => {
      expect(account().allowSharedKeyAccess).toBe(false);
      expect(account().defaultToOAuthAuthentication).toBe(true);
    });
    it('encrypts twice (service and infrastructure)', () =>
      expect(account().encryption).toMatchObject({
        keySource: 'Microsoft.Storage',
        requireInfrastructureEncryption: true,
      }));
    it('denies the network by default, admitting the configured ranges and trusted Azure services', () =>
      expect(account().networkRuleSet).toEqual({
        defaultAction: 'Deny',
        bypass: 'AzureServices',
        ipRules: [
          { iPAddressOrRange: '203.0.113.7', action: 'Allow' },
          { iPAddressOrRange: '198.51.100.0/24', action: 'Allow' },
        ],
      }));
    it('uses the dev redundancy of the platform definition', () => {
      expect(account().sku).toEqual({ name: platform.environment.azure.redundancy });
      expect(account().sku).toEqual({ name: 'Standard_LRS' });
    });
  });

  it('keeps deleted files and file systems for the environment’s soft-delete days', () => {
    const service = only('azure-native:storage:BlobServiceProperties').inputs;
    expect(service.deleteRetentionPolicy).toEqual({
      enabled: true,
      days: platform.environment.azure.blobSoftDeleteDays,
    });
    expect(service.containerDeleteRetentionPolicy).toEqual({
      enabled: true,
      days: platform.environment.azure.containerSoftDeleteDays,
    });
  });

  it('creates one private file system per mirrored zone, named after the zone', () => {
    const mirrored = platform.zones.filter((zone) => zone.mirroredToAzure).map((zone) => zone.name);
    expect(mirrored.length).toBeGreaterThan(0);
    const fileSystems = recordedResources('azure-native:storage:BlobContainer');
    expect(fileSystems.map(({ inputs }) => String(inputs.containerName)).sort()).toEqual(
      [...mirrored].sort(),
    );
    for (const { inputs } of fileSystems) expect(inputs.publicAccess).toBe('None');
  });

  it('protects the group, the account and the file systems from deletion by default', () => {
    const { resourceGroup, account, fileSystems } = mirror.dataLake;
    const kept = [resourceGroup, account, ...Object.values(fileSystems)];
    expect(kept).toHaveLength(2 + Object.keys(fileSystems).length);
    for (const resource of kept) expect(isProtected(resource)).toBe(true);
  });

  it('sends no diagnostics without a workspace', () =>
    expect(recordedResources('azure-native:monitor:DiagnosticSetting')).toHaveLength(0));

  it('exposes the account’s blob and dfs endpoints', async () => {
    const name = storageAccountName(platform, SUBSCRIPTION_ID);
    await expect(valueOf(mirror.dataLake.blobEndpoint)).resolves.toBe(
      `https://${name}.blob.core.windows.net/`,
    );
    await expect(valueOf(mirror.dataLake.dfsEndpoint)).resolves.toBe(
      `https://${name}.dfs.core.windows.net/`,
    );
  });
});

describe('DataLakeAccount (prod)', () => {
  beforeAll(() => deployWithMocks({ environment: 'prod', allowedIpRanges: [] }));

  it('uses the prod redundancy of the platform definition', () => {
    const { sku } = only('azure-native:storage:StorageAccount').inputs;
    expect(sku).toEqual({ name: loadPlatform('prod').environment.azure.redundancy });
    expect(sku).toEqual({ name: 'Standard_RAGZRS' });
  });

  it('still denies by default with no ranges configured', () =>
    expect(only('azure-native:storage:StorageAccount').inputs.networkRuleSet).toEqual({
      defaultAction: 'Deny',
      bypass: 'AzureServices',
      ipRules: [],
    }));
});

describe('DataLakeAccount options', () => {
  const workspace = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/platform-logs`;

  it('sends account metrics and blob/dfs logs and metrics to a configured workspace', async () => {
    await deployWithMocks({ logAnalyticsWorkspaceId: workspace });
    const accountId = only('azure-native:storage:StorageAccount').id;
    const settings = recordedResources('azure-native:monitor:DiagnosticSetting');
    expect(settings.map(({ inputs }) => String(inputs.resourceUri)).sort()).toEqual(
      [accountId, `${accountId}/blobServices/default`].sort(),
    );
    for (const { inputs } of settings) expect(inputs.workspaceId).toBe(workspace);
    const blob = settings.find(({ inputs }) =>
      String(inputs.resourceUri).endsWith('/blobServices/default'),
    );
    expect(blob?.inputs.logs).toEqual([{ categoryGroup: 'allLogs', enabled: true }]);
  });

  it('allows Shared Key only when the stack says so', async () => {
    await deployWithMocks({ sharedKeyAccess: true });
    expect(only('azure-native:storage:StorageAccount').inputs.allowSharedKeyAccess).toBe(true);
  });

  it('leaves data unprotected only with allowDestroy, in an environment that permits it, and warns', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { dataLake } = await deployWithMocks({ ...TEST_CONFIG, allowDestroy: true });
    expect(isProtected(dataLake.account)).toBe(false);
    expect(isProtected(dataLake.resourceGroup)).toBe(false);
    for (const fileSystem of Object.values(dataLake.fileSystems))
      expect(isProtected(fileSystem)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('allowDestroy is on'));
    warn.mockRestore();
  });

  it('refuses allowDestroy where data may not be destroyed (prod)', async () => {
    await expect(deployWithMocks({ environment: 'prod', allowDestroy: true })).rejects.toThrow(
      /hybrid-lake:allowDestroy: refused for prod/,
    );
  });
});

import * as pulumi from '@pulumi/pulumi';
import { loadPlatform, storageAccountName } from '../../../../infra/platform';
import { ISSUER_URL, TRANSFER_ROLE_ARN } from './deploy-fixture';
import { installMocks, SUBSCRIPTION_ID, TENANT_ID, valueOf } from './pulumi-mocks';

/** The stack outputs `npm run link-clouds` reads: exactly these names. */
const CONTRACT_OUTPUTS = [
  'blobEndpoint',
  'dfsEndpoint',
  'fileSystems',
  'managedIdentityClientId',
  'resourceGroupName',
  'storageAccountName',
  'tenantId',
];

describe('the Pulumi program (infra/azure/index.ts)', () => {
  let program: Record<string, pulumi.Output<unknown>>;

  beforeAll(async () => {
    await installMocks('dev');
    pulumi.runtime.setAllConfig({
      'hybrid-lake:awsIssuerUrl': ISSUER_URL,
      'hybrid-lake:transferRoleArn': TRANSFER_ROLE_ARN,
    });
    program = await import('../../../../infra/azure/index');
  });

  it('exports the outputs of the contract and nothing else', () =>
    expect(Object.keys(program).sort()).toEqual(CONTRACT_OUTPUTS));

  it('resolves each output to what the AWS side needs', async () => {
    const account = storageAccountName(loadPlatform('dev'), SUBSCRIPTION_ID);
    const outputs = await valueOf(pulumi.all(program));
    const fileSystems = Object.fromEntries(
      loadPlatform('dev')
        .zones.filter((zone) => zone.mirroredToAzure)
        .map((zone) => [zone.name, zone.name]),
    );
    expect(Object.keys(fileSystems).length).toBeGreaterThan(0);
    expect(outputs).toEqual({
      resourceGroupName: 'hybrid-lake-dev-mirror',
      storageAccountName: account,
      blobEndpoint: `https://${account}.blob.core.windows.net/`,
      dfsEndpoint: `https://${account}.dfs.core.windows.net/`,
      fileSystems,
      managedIdentityClientId: 'client-id-of-hybrid-lake-dev-transfer',
      tenantId: TENANT_ID,
    });
  });
});

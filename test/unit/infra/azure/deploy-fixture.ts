import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from '../../../../infra/azure/config';
import { deployAzureMirror, type AzureMirror } from '../../../../infra/azure/program';
import { installMocks, resetRecorded, valueOf } from './pulumi-mocks';

export const ISSUER_URL = 'https://0a1b2c3d-4e5f-6789-abcd-ef0123456789.tokens.sts.global.api.aws';
export const TRANSFER_ROLE_ARN =
  'arn:aws:iam::123456789012:role/hybrid-lake-dev-replication-TransferRole1A2B3C';

export const TEST_CONFIG: StackConfig = {
  environment: 'dev',
  location: 'westeurope',
  allowedIpRanges: ['203.0.113.7', '198.51.100.0/24'],
  awsEgressIps: [],
  sharedKeyAccess: false,
  awsIssuerUrl: ISSUER_URL,
  transferRoleArn: TRANSFER_ROLE_ARN,
  allowDestroy: false,
};

/**
 * Runs the program under the mocks and waits until every resource it declared has been
 * registered (their ids resolve only after the mock has recorded them), so assertions on the
 * recorded inputs never race the runtime.
 */
export async function deployWithMocks(overrides: Partial<StackConfig> = {}): Promise<AzureMirror> {
  await installMocks();
  resetRecorded();
  const mirror = deployAzureMirror({ ...TEST_CONFIG, ...overrides });
  const { dataLake, transferIdentity } = mirror;
  await valueOf(
    pulumi.all([
      dataLake.resourceGroup.id,
      dataLake.account.id,
      dataLake.blobService.id,
      dataLake.lifecyclePolicy.id,
      ...Object.values(dataLake.fileSystems).map((fileSystem) => fileSystem.id),
      ...dataLake.diagnosticSettings.map((setting) => setting.id),
      transferIdentity.identity.id,
      transferIdentity.credential.id,
      ...Object.values(transferIdentity.roleAssignments).map((assignment) => assignment.id),
    ]),
  );
  return mirror;
}

/** How many custom resources `deployWithMocks` waited for: every recorded one must be among them. */
export function awaitedResourceCount(mirror: AzureMirror): number {
  const { dataLake, transferIdentity } = mirror;
  return (
    4 +
    Object.keys(dataLake.fileSystems).length +
    dataLake.diagnosticSettings.length +
    2 +
    Object.keys(transferIdentity.roleAssignments).length
  );
}

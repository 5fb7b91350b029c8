/**
 * The whole Azure side of the platform for one stack: the mirror account and the transfer
 * identity, and the outputs `npm run link-clouds` hands to the AWS ReplicationStack. Kept apart
 * from index.ts so that tests can run it under `pulumi.runtime.setMocks`.
 */
import * as pulumi from '@pulumi/pulumi';
import * as authorization from '@pulumi/azure-native/authorization';
import { loadPlatform, storageAccountName, type Platform } from '../platform';
import { StackConfigError, type StackConfig } from './config';
import { DataLakeAccount } from './data-lake-account';
import { TransferIdentity } from './federated-identity';

/** The stack outputs (the contract with `npm run link-clouds`). */
export interface AzureMirrorOutputs {
  readonly resourceGroupName: pulumi.Output<string>;
  readonly storageAccountName: pulumi.Output<string>;
  /** `https://<account>.blob.core.windows.net/` */
  readonly blobEndpoint: pulumi.Output<string>;
  readonly dfsEndpoint: pulumi.Output<string>;
  /** Zone → file system name, one per mirrored zone. */
  readonly fileSystems: pulumi.Output<Record<string, string>>;
  readonly managedIdentityClientId: pulumi.Output<string>;
  readonly tenantId: pulumi.Output<string>;
}

export interface AzureMirror {
  readonly platform: Platform;
  readonly dataLake: DataLakeAccount;
  readonly transferIdentity: TransferIdentity;
  readonly outputs: AzureMirrorOutputs;
}

export function deployAzureMirror(config: StackConfig): AzureMirror {
  const platform = loadPlatform(config.environment);
  if (config.allowDestroy) {
    if (!platform.environment.dataMayBeDestroyed) {
      throw new StackConfigError([
        `hybrid-lake:allowDestroy: refused for ${platform.environmentName}, whose data may not be destroyed (dataMayBeDestroyed: false)`,
      ]);
    }
    void pulumi.log.warn(
      `allowDestroy is on: pulumi destroy will delete the ${platform.environmentName} mirror and its data`,
    );
  }

  const client = authorization.getClientConfigOutput();
  const dataLake = new DataLakeAccount('mirror', {
    platform,
    location: config.location,
    accountName: client.subscriptionId.apply((subscription) =>
      storageAccountName(platform, subscription),
    ),
    allowedIpRanges: config.allowedIpRanges,
    sharedKeyAccess: config.sharedKeyAccess,
    ...(config.logAnalyticsWorkspaceId !== undefined && {
      logAnalyticsWorkspaceId: config.logAnalyticsWorkspaceId,
    }),
    protectData: !config.allowDestroy,
  });

  const fileSystems = Object.entries(dataLake.fileSystems).flatMap(([zone, fileSystem]) =>
    fileSystem ? [{ zone, fileSystem }] : [],
  );
  const transferIdentity = new TransferIdentity('transfer', {
    platform,
    location: config.location,
    resourceGroupName: dataLake.resourceGroup.name,
    subscriptionId: client.subscriptionId,
    issuerUrl: config.awsIssuerUrl,
    subject: config.transferRoleArn,
    fileSystemIds: Object.fromEntries(
      fileSystems.map(({ zone, fileSystem }) => [zone, fileSystem.id]),
    ),
  });

  const fileSystemNames = pulumi
    .all(
      fileSystems.map(({ zone, fileSystem }) =>
        fileSystem.name.apply((name) => [zone, name] as const),
      ),
    )
    .apply((entries) => Object.fromEntries(entries));

  return {
    platform,
    dataLake,
    transferIdentity,
    outputs: {
      resourceGroupName: dataLake.resourceGroup.name,
      storageAccountName: dataLake.account.name,
      blobEndpoint: dataLake.blobEndpoint,
      dfsEndpoint: dataLake.dfsEndpoint,
      fileSystems: fileSystemNames,
      managedIdentityClientId: transferIdentity.clientId,
      tenantId: client.tenantId,
    },
  };
}

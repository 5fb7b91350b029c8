/**
 * The ADLS Gen2 account that mirrors the lake: a resource group, a locked-down StorageV2 account
 * with a hierarchical namespace, one file system per mirrored zone (named after the zone, as the
 * transfer function expects), soft delete, the lifecycle policy and optional diagnostics.
 */
import * as pulumi from '@pulumi/pulumi';
import * as monitor from '@pulumi/azure-native/monitor';
import * as resources from '@pulumi/azure-native/resources';
import * as storage from '@pulumi/azure-native/storage';
import type { Platform, ZoneName } from '../platform';
import { zoneLifecycleRules } from './lifecycle-policy';
import { resourceGroupName } from './names';

export interface DataLakeAccountArgs {
  readonly platform: Platform;
  /** Azure region of the resource group and everything in it. */
  readonly location: string;
  /** Storage account name (see `storageAccountName` in infra/platform). */
  readonly accountName: pulumi.Input<string>;
  /** Public IPv4 addresses/CIDRs the firewall admits besides trusted Azure services. @default [] */
  readonly allowedIpRanges?: readonly string[];
  /** Accept Shared Key (account key, SAS) requests. @default false */
  readonly sharedKeyAccess?: boolean;
  /** Log Analytics workspace id; when set, account and blob/dfs logs and metrics go there. @default undefined (no diagnostic settings) */
  readonly logAnalyticsWorkspaceId?: string;
  /** Protect the resource group, account and file systems from deletion. @default true */
  readonly protectData?: boolean;
}

export class DataLakeAccount extends pulumi.ComponentResource {
  readonly resourceGroup: resources.ResourceGroup;
  readonly account: storage.StorageAccount;
  readonly blobService: storage.BlobServiceProperties;
  readonly lifecyclePolicy: storage.ManagementPolicy;
  /** One file system per mirrored zone, keyed by zone. */
  readonly fileSystems: Readonly<Partial<Record<ZoneName, storage.BlobContainer>>>;
  readonly diagnosticSettings: readonly monitor.DiagnosticSetting[];
  readonly blobEndpoint: pulumi.Output<string>;
  readonly dfsEndpoint: pulumi.Output<string>;

  constructor(name: string, args: DataLakeAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super('hybrid-lake:azure:DataLakeAccount', name, {}, opts);
    const { platform } = args;
    const settings = platform.environment.azure;
    const protect = args.protectData ?? true;
    const mirroredZones = platform.zones.filter((zone) => zone.mirroredToAzure);

    this.resourceGroup = new resources.ResourceGroup(
      `${name}-group`,
      { resourceGroupName: resourceGroupName(platform), location: args.location },
      { parent: this, protect },
    );
    const group = this.resourceGroup.name;

    this.account = new storage.StorageAccount(
      `${name}-account`,
      {
        accountName: args.accountName,
        resourceGroupName: group,
        location: args.location,
        kind: storage.Kind.StorageV2,
        sku: { name: settings.redundancy },
        accessTier: storage.AccessTier.Hot,
        isHnsEnabled: true,
        enableHttpsTrafficOnly: true,
        minimumTlsVersion: storage.MinimumTlsVersion.TLS1_2,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: args.sharedKeyAccess ?? false,
        defaultToOAuthAuthentication: true,
        // Object replication to another tenant would copy the data out of the platform's hands.
        allowCrossTenantReplication: false,
        encryption: {
          keySource: storage.KeySource.Microsoft_Storage,
          requireInfrastructureEncryption: true,
          services: {
            blob: { enabled: true, keyType: storage.KeyType.Account },
            file: { enabled: true, keyType: storage.KeyType.Account },
          },
        },
        networkRuleSet: {
          defaultAction: storage.DefaultAction.Deny,
          bypass: storage.Bypass.AzureServices,
          ipRules: (args.allowedIpRanges ?? []).map((range) => ({
            iPAddressOrRange: range,
            action: storage.Action.Allow,
          })),
        },
      },
      { parent: this, protect },
    );
    const accountName = this.account.name;

    this.blobService = new storage.BlobServiceProperties(
      `${name}-blob-service`,
      {
        accountName,
        resourceGroupName: group,
        blobServicesName: 'default',
        deleteRetentionPolicy: { enabled: true, days: settings.blobSoftDeleteDays },
        containerDeleteRetentionPolicy: { enabled: true, days: settings.containerSoftDeleteDays },
      },
      { parent: this },
    );

    const fileSystems: Partial<Record<ZoneName, storage.BlobContainer>> = {};
    for (const zone of mirroredZones) {
      fileSystems[zone.name] = new storage.BlobContainer(
        `${name}-${zone.name}`,
        {
          accountName,
          resourceGroupName: group,
          containerName: zone.name,
          publicAccess: storage.PublicAccess.None,
        },
        { parent: this, protect, dependsOn: [this.blobService] },
      );
    }
    this.fileSystems = fileSystems;

    this.lifecyclePolicy = new storage.ManagementPolicy(
      `${name}-lifecycle`,
      {
        accountName,
        resourceGroupName: group,
        managementPolicyName: 'default',
        policy: {
          rules: mirroredZones.flatMap((zone) => zoneLifecycleRules(zone, settings.redundancy)),
        },
      },
      { parent: this, dependsOn: Object.values(fileSystems) },
    );

    this.diagnosticSettings =
      args.logAnalyticsWorkspaceId === undefined
        ? []
        : this.diagnostics(name, args.logAnalyticsWorkspaceId);

    this.blobEndpoint = this.account.primaryEndpoints.blob;
    this.dfsEndpoint = this.account.primaryEndpoints.dfs;
    this.registerOutputs({
      resourceGroupName: group,
      accountName,
      blobEndpoint: this.blobEndpoint,
      dfsEndpoint: this.dfsEndpoint,
    });
  }

  /**
   * Account metrics, and the blob service's logs and metrics: ADLS Gen2 (dfs) requests are
   * logged by the blob service too, so one setting there covers both endpoints.
   */
  private diagnostics(name: string, workspaceId: string): monitor.DiagnosticSetting[] {
    return [
      new monitor.DiagnosticSetting(
        `${name}-account-diagnostics`,
        {
          name: 'to-log-analytics',
          resourceUri: this.account.id,
          workspaceId,
          metrics: [{ category: 'Transaction', enabled: true }],
        },
        { parent: this },
      ),
      new monitor.DiagnosticSetting(
        `${name}-blob-diagnostics`,
        {
          name: 'to-log-analytics',
          resourceUri: pulumi.interpolate`${this.account.id}/blobServices/default`,
          workspaceId,
          logs: [{ categoryGroup: 'allLogs', enabled: true }],
          metrics: [{ category: 'Transaction', enabled: true }],
        },
        { parent: this, dependsOn: [this.blobService] },
      ),
    ];
  }
}

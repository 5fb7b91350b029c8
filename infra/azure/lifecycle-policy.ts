/**
 * The mirror's lifecycle, derived from the zone lifecycles of the platform definition so that a
 * zone ages the same way in S3 and in ADLS and no number is written twice. S3 storage classes map
 * to the Azure access tier with the same role:
 *
 *   STANDARD_IA, ONEZONE_IA → Cool   (infrequent reads, 30-day minimum)
 *   GLACIER_IR              → Cold   (rare reads, still online, 90-day minimum)
 *   GLACIER, DEEP_ARCHIVE   → Archive (offline, rehydrate before reading)
 *
 * INTELLIGENT_TIERING has no Azure counterpart (Azure tiers by rule, not by observed access) and
 * is left out. On zone-redundant accounts, which have no Archive tier, an archive transition
 * becomes a move to Cold unless the zone already goes Cold sooner.
 *
 * Days count from the last modification: a mirrored file is written once, and a file still being
 * appended to under `_transfer-tmp/` keeps getting younger, so it is never removed mid-copy.
 */
import {
  supportsArchiveTier,
  TRANSFER_TEMP_PREFIX,
  type AzureStorageRedundancy,
  type StorageClassName,
  type Zone,
} from '../platform';

type AzureTier = 'cool' | 'cold' | 'archive';

const TIER_OF_STORAGE_CLASS: Readonly<Record<StorageClassName, AzureTier | undefined>> = {
  STANDARD_IA: 'cool',
  ONEZONE_IA: 'cool',
  INTELLIGENT_TIERING: undefined,
  GLACIER_IR: 'cold',
  GLACIER: 'archive',
  DEEP_ARCHIVE: 'archive',
};

/** What a crash leaves under `_transfer-tmp/` is removed after this many days. */
export const TRANSFER_TEMP_RETENTION_DAYS = 1;

/** The days after which a zone's files move to each tier, and are deleted. */
export interface ZoneTiering {
  readonly coolAfterDays?: number;
  readonly coldAfterDays?: number;
  readonly archiveAfterDays?: number;
  readonly deleteAfterDays?: number;
}

export function zoneTiering(zone: Zone, redundancy: AzureStorageRedundancy): ZoneTiering {
  const earliest: Partial<Record<AzureTier, number>> = {};
  for (const transition of zone.lifecycle.transitions) {
    let tier = TIER_OF_STORAGE_CLASS[transition.storageClass];
    if (tier === 'archive' && !supportsArchiveTier(redundancy)) tier = 'cold';
    if (tier === undefined) continue;
    earliest[tier] = Math.min(earliest[tier] ?? Infinity, transition.afterDays);
  }
  return {
    ...(earliest.cool !== undefined && { coolAfterDays: earliest.cool }),
    ...(earliest.cold !== undefined && { coldAfterDays: earliest.cold }),
    ...(earliest.archive !== undefined && { archiveAfterDays: earliest.archive }),
    ...(zone.lifecycle.expireAfterDays !== undefined && {
      deleteAfterDays: zone.lifecycle.expireAfterDays,
    }),
  };
}

interface DaysAfterModification {
  readonly daysAfterModificationGreaterThan: number;
}

/** One rule of the account's management policy, as plain values (`ManagementPolicyRuleArgs`). */
export interface LifecycleRule {
  readonly name: string;
  readonly enabled: true;
  readonly type: 'Lifecycle';
  readonly definition: {
    readonly filters: { readonly blobTypes: string[]; readonly prefixMatch: string[] };
    readonly actions: {
      readonly baseBlob: {
        readonly tierToCool?: DaysAfterModification;
        readonly tierToCold?: DaysAfterModification;
        readonly tierToArchive?: DaysAfterModification;
        readonly delete?: DaysAfterModification;
      };
    };
  };
}

const afterDays = (days: number): DaysAfterModification => ({
  daysAfterModificationGreaterThan: days,
});

/**
 * The lifecycle rules of one mirrored zone (its file system has the zone's name): tiering and
 * expiry when the zone has any, and always the clean-up of the transfer's temporary files.
 * Rule names take letters and digits only.
 */
export function zoneLifecycleRules(
  zone: Zone,
  redundancy: AzureStorageRedundancy,
): LifecycleRule[] {
  const tiering = zoneTiering(zone, redundancy);
  const rules: LifecycleRule[] = [];
  const baseBlob = {
    ...(tiering.coolAfterDays !== undefined && { tierToCool: afterDays(tiering.coolAfterDays) }),
    ...(tiering.coldAfterDays !== undefined && { tierToCold: afterDays(tiering.coldAfterDays) }),
    ...(tiering.archiveAfterDays !== undefined && {
      tierToArchive: afterDays(tiering.archiveAfterDays),
    }),
    ...(tiering.deleteAfterDays !== undefined && { delete: afterDays(tiering.deleteAfterDays) }),
  };
  if (Object.keys(baseBlob).length > 0) {
    rules.push({
      name: `${zone.name}Tiering`,
      enabled: true,
      type: 'Lifecycle',
      definition: {
        filters: { blobTypes: ['blockBlob'], prefixMatch: [`${zone.name}/`] },
        actions: { baseBlob },
      },
    });
  }
  rules.push({
    name: `${zone.name}TransferTempCleanup`,
    enabled: true,
    type: 'Lifecycle',
    definition: {
      filters: {
        blobTypes: ['blockBlob'],
        prefixMatch: [`${zone.name}/${TRANSFER_TEMP_PREFIX}/`],
      },
      actions: { baseBlob: { delete: afterDays(TRANSFER_TEMP_RETENTION_DAYS) } },
    },
  });
  return rules;
}

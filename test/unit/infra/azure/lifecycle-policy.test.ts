import {
  loadPlatform,
  TRANSFER_TEMP_PREFIX,
  zoneOf,
  zoneSchema,
  type Zone,
} from '../../../../infra/platform';
import {
  TRANSFER_TEMP_RETENTION_DAYS,
  type LifecycleRule,
  zoneLifecycleRules,
  zoneTiering,
} from '../../../../infra/azure/lifecycle-policy';
import { deployWithMocks } from './deploy-fixture';
import { recordedResources } from './pulumi-mocks';

const zoneWith = (lifecycle: unknown): Zone =>
  zoneSchema.parse({ name: 'raw', description: 'Test zone.', mirroredToAzure: true, lifecycle });

describe('zone tiering', () => {
  it('maps S3 classes to the Azure tier with the same role, on the same days', () => {
    const zone = zoneWith({
      transitions: [
        { storageClass: 'STANDARD_IA', afterDays: 30 },
        { storageClass: 'GLACIER_IR', afterDays: 90 },
        { storageClass: 'DEEP_ARCHIVE', afterDays: 365 },
      ],
      expireAfterDays: 2555,
    });
    expect(zoneTiering(zone, 'Standard_LRS')).toEqual({
      coolAfterDays: 30,
      coldAfterDays: 90,
      archiveAfterDays: 365,
      deleteAfterDays: 2555,
    });
  });

  it.each(['Standard_ZRS', 'Standard_GZRS', 'Standard_RAGZRS'] as const)(
    'stops at Cold on %s, which has no Archive tier',
    (redundancy) => {
      const zone = zoneWith({
        transitions: [
          { storageClass: 'STANDARD_IA', afterDays: 30 },
          { storageClass: 'DEEP_ARCHIVE', afterDays: 365 },
        ],
      });
      expect(zoneTiering(zone, redundancy)).toEqual({ coolAfterDays: 30, coldAfterDays: 365 });
    },
  );

  it('keeps the earlier Cold day when both Glacier IR and an archive class map to Cold', () => {
    const zone = zoneWith({
      transitions: [
        { storageClass: 'GLACIER_IR', afterDays: 90 },
        { storageClass: 'DEEP_ARCHIVE', afterDays: 365 },
      ],
    });
    expect(zoneTiering(zone, 'Standard_RAGZRS')).toEqual({ coldAfterDays: 90 });
  });

  it('leaves out Intelligent-Tiering, which Azure has no counterpart for', () => {
    const zone = zoneWith({ transitions: [{ storageClass: 'INTELLIGENT_TIERING', afterDays: 0 }] });
    expect(zoneTiering(zone, 'Standard_LRS')).toEqual({});
  });
});

describe('zone lifecycle rules', () => {
  it('tiers the zone’s file system and cleans its temporary prefix after one day', () => {
    const raw = zoneOf(loadPlatform('dev'), 'raw');
    const rules = zoneLifecycleRules(raw, 'Standard_LRS');
    expect(rules).toEqual([
      {
        name: 'rawTiering',
        enabled: true,
        type: 'Lifecycle',
        definition: {
          filters: { blobTypes: ['blockBlob'], prefixMatch: ['raw/'] },
          actions: {
            baseBlob: {
              tierToCool: { daysAfterModificationGreaterThan: 30 },
              delete: { daysAfterModificationGreaterThan: 90 },
            },
          },
        },
      },
      {
        name: 'rawTransferTempCleanup',
        enabled: true,
        type: 'Lifecycle',
        definition: {
          filters: { blobTypes: ['blockBlob'], prefixMatch: [`raw/${TRANSFER_TEMP_PREFIX}/`] },
          actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 1 } } },
        },
      },
    ]);
    expect(TRANSFER_TEMP_RETENTION_DAYS).toBe(1);
    expect(TRANSFER_TEMP_PREFIX).toBe('_transfer-tmp');
  });

  it('only cleans the temporary prefix of a zone that neither tiers nor expires', () => {
    const zone = zoneWith({});
    expect(zoneLifecycleRules(zone, 'Standard_LRS').map((rule) => rule.name)).toEqual([
      'rawTransferTempCleanup',
    ]);
  });

  it('names rules with letters and digits only, as Azure requires', () => {
    for (const zone of loadPlatform('prod').zones) {
      for (const rule of zoneLifecycleRules(zone, 'Standard_RAGZRS'))
        expect(rule.name).toMatch(/^[A-Za-z0-9]+$/);
    }
  });
});

/** The rules of the one management policy the last deployment declared. */
function declaredRules(): LifecycleRule[] {
  const policies = recordedResources('azure-native:storage:ManagementPolicy');
  expect(policies).toHaveLength(1);
  expect(policies[0]?.inputs.managementPolicyName).toBe('default');
  return (policies[0]?.inputs.policy as { rules: LifecycleRule[] }).rules;
}

describe('the account’s management policy', () => {
  it.each(['dev', 'prod'] as const)(
    'in %s, holds the rules of every mirrored zone and of no other',
    async (environment) => {
      await deployWithMocks({ environment, allowedIpRanges: [] });
      const platform = loadPlatform(environment);
      const expected = platform.zones
        .filter((zone) => zone.mirroredToAzure)
        .flatMap((zone) => zoneLifecycleRules(zone, platform.environment.azure.redundancy));
      expect(expected.length).toBeGreaterThan(0);
      const rules = declaredRules();
      expect(rules).toEqual(expected);
      const prefixes = rules.flatMap((rule) => rule.definition.filters.prefixMatch);
      for (const zone of platform.zones.filter((candidate) => !candidate.mirroredToAzure))
        expect(prefixes.some((prefix) => prefix.startsWith(`${zone.name}/`))).toBe(false);
    },
  );

  it('never tiers prod files to Archive, which its zone-redundant account lacks', async () => {
    await deployWithMocks({ environment: 'prod', allowedIpRanges: [] });
    const actions = declaredRules().map((rule) => rule.definition.actions.baseBlob);
    expect(actions.some((action) => action.tierToCold !== undefined)).toBe(true);
    for (const action of actions) expect(action.tierToArchive).toBeUndefined();
  });
});

import {
  azureSettingsSchema,
  environmentSchema,
  loadPlatform,
  STORAGE_ACCOUNT_NAME_PATTERN,
  storageAccountName,
  supportsArchiveTier,
} from '../../../../infra/platform';
import { definitionWith } from '../../../fixtures/platform';

// One test per documented @default of the Azure settings, so the documentation cannot drift.
describe('Azure setting defaults', () => {
  const azure = azureSettingsSchema.parse({});

  it('is zone-redundant', () => expect(azure.redundancy).toBe('Standard_ZRS'));
  it('keeps deleted files 14 days', () => expect(azure.blobSoftDeleteDays).toBe(14));
  it('keeps deleted file systems 14 days', () => expect(azure.containerSoftDeleteDays).toBe(14));
  it('applies every default when an environment omits azure', () =>
    expect(environmentSchema.parse({ region: 'eu-west-1' }).azure).toEqual(azure));
  it('keeps an explicit value instead of the default', () =>
    expect(azureSettingsSchema.parse({ blobSoftDeleteDays: 1 }).blobSoftDeleteDays).toBe(1));
});

describe('Azure settings per environment', () => {
  it('keeps dev on one locally redundant copy set', () =>
    expect(loadPlatform('dev').environment.azure.redundancy).toBe('Standard_LRS'));
  it('makes prod zone- and geo-redundant with a readable secondary', () =>
    expect(loadPlatform('prod').environment.azure.redundancy).toBe('Standard_RAGZRS'));
});

describe('Azure setting validation', () => {
  it('refuses an unknown redundancy, naming the field', () => {
    const definition = definitionWith((d) => {
      d.environments.prod.azure = { redundancy: 'Premium_LRS' as 'Standard_LRS' };
    });
    expect(() => loadPlatform('prod', definition)).toThrow(/environments\.prod\.azure\.redundancy/);
  });

  it.each([0, 366, 1.5])('refuses %s soft-delete days', (days) =>
    expect(azureSettingsSchema.safeParse({ blobSoftDeleteDays: days }).success).toBe(false),
  );

  it('refuses unknown keys', () =>
    expect(azureSettingsSchema.safeParse({ sku: 'Standard_LRS' }).success).toBe(false));

  it('knows which redundancies have an Archive tier', () => {
    expect(supportsArchiveTier('Standard_LRS')).toBe(true);
    expect(supportsArchiveTier('Standard_RAGRS')).toBe(true);
    expect(supportsArchiveTier('Standard_ZRS')).toBe(false);
    expect(supportsArchiveTier('Standard_RAGZRS')).toBe(false);
  });
});

describe('storage account name', () => {
  const dev = loadPlatform('dev');
  const prod = loadPlatform('prod');

  it('is project and environment in lower-case letters and digits', () => {
    expect(storageAccountName(dev)).toBe('hybridlakedev');
    expect(storageAccountName(prod)).toBe('hybridlakeprod');
  });

  it('adds six hex digits of the subscription, the same on every run', () => {
    const name = storageAccountName(prod, '11111111-2222-3333-4444-555555555555');
    expect(name).toMatch(/^hybridlakeprod[0-9a-f]{6}$/);
    expect(storageAccountName(prod, '11111111-2222-3333-4444-555555555555')).toBe(name);
    expect(storageAccountName(prod, '99999999-2222-3333-4444-555555555555')).not.toBe(name);
  });

  it('stays valid and keeps dev and prod apart with the longest project name', () => {
    const project = 'a-very-long-project-x';
    const longDev = loadPlatform(
      'dev',
      definitionWith((d) => void (d.project = project)),
    );
    const longProd = loadPlatform(
      'prod',
      definitionWith((d) => void (d.project = project)),
    );
    const scope = '11111111-2222-3333-4444-555555555555';
    for (const name of [
      storageAccountName(longDev, scope),
      storageAccountName(longProd, scope),
      storageAccountName(longProd),
    ]) {
      expect(name).toMatch(STORAGE_ACCOUNT_NAME_PATTERN);
      expect(name.length).toBeLessThanOrEqual(24);
    }
    expect(storageAccountName(longDev, scope)).not.toBe(storageAccountName(longProd, scope));
    expect(storageAccountName(longProd, scope)).toMatch(/prod[0-9a-f]{6}$/);
  });
});

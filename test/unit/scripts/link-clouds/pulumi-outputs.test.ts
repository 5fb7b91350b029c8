import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform } from '../../../../infra/platform';
import { LinkInputError } from '../../../../scripts/link-clouds/errors';
import {
  mirroredZoneNames,
  parsePulumiOutputs,
} from '../../../../scripts/link-clouds/pulumi-outputs';

const platform = loadPlatform('dev');
const outputs = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'pulumi-outputs.json'), 'utf8'),
) as Record<string, unknown>;

describe('parsePulumiOutputs', () => {
  it('maps the outputs to the transfer options, the endpoint without its trailing slash', () => {
    expect(parsePulumiOutputs(outputs, platform, 'f')).toEqual({
      adlsAccountUrl: 'https://hybridlakedevst7k2q.blob.core.windows.net',
      azureTenantId: '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4',
      azureClientId: '5b0d6c2e-8f14-4a37-b9e2-71c4d3a8f065',
    });
  });

  it('checks the file systems of exactly the zones the definition mirrors', () => {
    expect(mirroredZoneNames(platform)).toEqual(['raw', 'curated']);
  });

  it.each([
    ['not an object', [], 'f: expected the JSON object of `pulumi stack output --json`'],
    [
      'no endpoint',
      { ...outputs, blobEndpoint: undefined },
      'f: output blobEndpoint is missing; run `pulumi up`',
    ],
    ['a secret', { ...outputs, tenantId: '[secret]' }, 'f: output tenantId is a secret'],
    [
      'an http endpoint',
      { ...outputs, blobEndpoint: 'http://x.blob.core.windows.net/' },
      'output blobEndpoint (for adlsAccountUrl) must be an https:// URL',
    ],
    [
      'a tenant name',
      { ...outputs, tenantId: 'contoso.onmicrosoft.com' },
      'output tenantId (for azureTenantId) must be a GUID, got "contoso.onmicrosoft.com"',
    ],
    [
      'a client id that is not a GUID',
      { ...outputs, managedIdentityClientId: 42 },
      'output managedIdentityClientId (for azureClientId) must be a GUID, got 42',
    ],
    [
      'no file systems',
      { ...outputs, fileSystems: undefined },
      'output fileSystems must be an object of zone → file system name',
    ],
    [
      'a mirrored zone missing',
      { ...outputs, fileSystems: { raw: 'raw' } },
      'output fileSystems.curated must be "curated" (the transfer writes curated objects there), got undefined',
    ],
    [
      'a renamed file system',
      { ...outputs, fileSystems: { raw: 'bronze', curated: 'curated' } },
      'output fileSystems.raw must be "raw"',
    ],
  ])('rejects %s', (_case, document, message) => {
    expect(() => parsePulumiOutputs(document, platform, 'f')).toThrow(LinkInputError);
    expect(() => parsePulumiOutputs(document, platform, 'f')).toThrow(message);
  });
});

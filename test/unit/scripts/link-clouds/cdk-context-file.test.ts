import { setAzureTarget } from '../../../../scripts/link-clouds/cdk-context-file';
import { LinkInputError } from '../../../../scripts/link-clouds/errors';

const target = {
  adlsAccountUrl: 'https://hybridlakedevst7k2q.blob.core.windows.net',
  azureTenantId: '9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4',
  azureClientId: '5b0d6c2e-8f14-4a37-b9e2-71c4d3a8f065',
};

describe('setAzureTarget', () => {
  it("writes the environment's entry and keeps lookups and other environments", () => {
    const existing = JSON.stringify({
      'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a'],
      azureTargets: { prod: { azureTenantId: '11111111-2222-3333-4444-555555555555' } },
    });

    const { text, changes } = setAzureTarget(existing, 'dev', target, 'cdk.context.json');

    expect(JSON.parse(text)).toEqual({
      'availability-zones:account=123456789012:region=eu-west-1': ['eu-west-1a'],
      azureTargets: {
        prod: { azureTenantId: '11111111-2222-3333-4444-555555555555' },
        dev: target,
      },
    });
    expect(text.endsWith('}\n')).toBe(true);
    expect(changes).toEqual([
      { key: 'azureTargets.dev.adlsAccountUrl', before: undefined, after: target.adlsAccountUrl },
      { key: 'azureTargets.dev.azureTenantId', before: undefined, after: target.azureTenantId },
      { key: 'azureTargets.dev.azureClientId', before: undefined, after: target.azureClientId },
    ]);
  });

  it('creates the file when there is none, and reports no change on a re-run', () => {
    const first = setAzureTarget(undefined, 'dev', target, 'f');
    const second = setAzureTarget(first.text, 'dev', target, 'f');

    expect(second.text).toBe(first.text);
    expect(second.changes.every((change) => change.before === change.after)).toBe(true);
  });

  it('reports the value it replaces', () => {
    const existing = JSON.stringify({
      azureTargets: { dev: { ...target, azureClientId: '00000000-0000-0000-0000-000000000001' } },
    });

    const { changes } = setAzureTarget(existing, 'dev', target, 'f');

    expect(changes[2]).toEqual({
      key: 'azureTargets.dev.azureClientId',
      before: '00000000-0000-0000-0000-000000000001',
      after: target.azureClientId,
    });
  });

  it.each([
    ['{', 'f: not valid JSON'],
    ['[]', 'f: must hold a JSON object'],
    ['{"azureTargets": 1}', 'f: azureTargets must be an object'],
    ['{"azureTargets": {"dev": "x"}}', 'f: azureTargets.dev must be an object'],
  ])('rejects %s', (text, message) => {
    expect(() => setAzureTarget(text, 'dev', target, 'f')).toThrow(LinkInputError);
    expect(() => setAzureTarget(text, 'dev', target, 'f')).toThrow(message);
  });
});

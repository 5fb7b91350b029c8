import { App } from 'aws-cdk-lib';
import {
  TransferOptionError,
  azureTargetProblem,
  readTransferOptions,
} from '../../../../../infra/aws/options/transfer-options';
import { AZURE_TARGET_PLACEHOLDERS } from '../../../../../infra/aws/facts/replication';

const read = (context: Record<string, unknown>) => readTransferOptions(new App({ context }));

const target = {
  adlsAccountUrl: 'https://hybridlakeprod.blob.core.windows.net',
  azureTenantId: '11111111-2222-3333-4444-555555555555',
  azureClientId: '66666666-7777-8888-9999-000000000000',
};
const secretArn =
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hybrid-lake/azure-sp-AbC123';

describe('readTransferOptions', () => {
  it('falls back to placeholders on a reserved, never-resolving host and says so', () => {
    expect(read({})).toEqual({
      azureTarget: { ...AZURE_TARGET_PLACEHOLDERS, authMode: 'federated', usesPlaceholders: true },
    });
    expect(new URL(AZURE_TARGET_PLACEHOLDERS.accountUrl).hostname).toMatch(/\.invalid$/);
  });

  it('reads the Azure target, copy mode and delete mirroring from -c', () => {
    expect(read({ ...target, copyMode: 'streaming', mirrorDeletes: 'true' })).toEqual({
      azureTarget: {
        accountUrl: target.adlsAccountUrl,
        tenantId: target.azureTenantId,
        clientId: target.azureClientId,
        authMode: 'federated',
        usesPlaceholders: false,
      },
      copyMode: 'streaming',
      mirrorDeletes: true,
    });
  });

  it('accepts mirrorDeletes as JSON from cdk.json', () => {
    expect(read({ mirrorDeletes: false }).mirrorDeletes).toBe(false);
  });

  it('reads the client secret in service-principal mode', () => {
    expect(
      read({ ...target, adlsAuthMode: 'service-principal', azureClientSecretArn: secretArn })
        .azureTarget,
    ).toMatchObject({ authMode: 'service-principal', clientSecretArn: secretArn });
  });

  it.each([
    [
      { adlsAccountUrl: 'http://hybridlakeprod.blob.core.windows.net' },
      '-c adlsAccountUrl must be an https:// URL',
    ],
    [{ adlsAccountUrl: 'hybridlakeprod' }, '-c adlsAccountUrl must be an https:// URL'],
    [{ azureTenantId: 'contoso' }, '-c azureTenantId must be a GUID, got "contoso"'],
    [{ azureClientId: '1234' }, '-c azureClientId must be a GUID, got "1234"'],
    [
      { adlsAuthMode: 'shared-key' },
      '-c adlsAuthMode must be federated or service-principal (shared-key is for the local emulator only)',
    ],
    [
      { adlsAuthMode: 'service-principal' },
      '-c adlsAuthMode=service-principal needs -c azureClientSecretArn',
    ],
    [
      { azureClientSecretArn: secretArn },
      '-c azureClientSecretArn is only used with -c adlsAuthMode=service-principal',
    ],
    [
      {
        adlsAuthMode: 'service-principal',
        azureClientSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:azuresp',
      },
      '-c azureClientSecretArn must be a full Secrets Manager secret ARN',
    ],
    [{ copyMode: 'fast' }, '-c copyMode must be server-side or streaming, got "fast"'],
    [{ mirrorDeletes: 'yes' }, '-c mirrorDeletes must be true or false, got "yes"'],
  ])('rejects %p, naming the option', (context, message) => {
    expect(() => read(context)).toThrow(TransferOptionError);
    expect(() => read(context)).toThrow(message);
  });
});

describe('readTransferOptions with azureTargets.<env> (written by link-clouds)', () => {
  const readFor = (environmentName: string | undefined, context: Record<string, unknown>) =>
    readTransferOptions(new App({ context }), environmentName);

  it("reads the environment's entry and nothing of another environment's", () => {
    const other = { ...target, adlsAccountUrl: 'https://other.blob.core.windows.net' };
    expect(readFor('prod', { azureTargets: { prod: target, dev: other } }).azureTarget).toEqual({
      accountUrl: target.adlsAccountUrl,
      tenantId: target.azureTenantId,
      clientId: target.azureClientId,
      authMode: 'federated',
      usesPlaceholders: false,
    });
    expect(readFor('test', { azureTargets: { prod: target } }).azureTarget.usesPlaceholders).toBe(
      true,
    );
  });

  it('is ignored when no environment is named', () => {
    expect(readFor(undefined, { azureTargets: { prod: target } }).azureTarget).toMatchObject(
      AZURE_TARGET_PLACEHOLDERS,
    );
  });

  it('lets each flat -c value win over the entry, key by key', () => {
    const tenant = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
    expect(
      readFor('prod', { azureTargets: { prod: target }, azureTenantId: tenant }).azureTarget,
    ).toMatchObject({ accountUrl: target.adlsAccountUrl, tenantId: tenant });
  });

  it.each([
    [{ azureTargets: 'prod' }, 'context azureTargets must be an object of environment name'],
    [{ azureTargets: { prod: [] } }, 'context azureTargets.prod must be an object, got []'],
    [
      { azureTargets: { prod: { ...target, copyMode: 'streaming' } } },
      'context azureTargets.prod may only hold adlsAccountUrl, azureTenantId, azureClientId; unknown: copyMode',
    ],
    [
      { azureTargets: { prod: { ...target, azureTenantId: 'contoso' } } },
      'context azureTargets.prod.azureTenantId must be a GUID, got "contoso"',
    ],
  ])('rejects %p, naming where the value came from', (context, message) => {
    expect(() => readFor('prod', context)).toThrow(TransferOptionError);
    expect(() => readFor('prod', context)).toThrow(message);
  });
});

describe('azureTargetProblem', () => {
  it('accepts what readTransferOptions accepts', () => {
    expect(azureTargetProblem('adlsAccountUrl', target.adlsAccountUrl)).toBeUndefined();
    expect(azureTargetProblem('azureClientId', target.azureClientId)).toBeUndefined();
  });

  it('says what is expected otherwise', () => {
    expect(azureTargetProblem('adlsAccountUrl', 'http://x.blob.core.windows.net')).toBe(
      'must be an https:// URL such as https://<account>.blob.core.windows.net, got "http://x.blob.core.windows.net"',
    );
  });
});

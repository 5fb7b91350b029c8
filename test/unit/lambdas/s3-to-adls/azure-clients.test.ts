import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { STSClient } from '@aws-sdk/client-sts';
import { ClientAssertionCredential, ClientSecretCredential } from '@azure/identity';
import { createCredential } from '../../../../lambdas/s3-to-adls/azure-clients';
import { loadTransferConfig } from '../../../../lambdas/s3-to-adls/config';
import { ConfigurationError } from '../../../../lambdas/shared/env';

/** Records the commands sent and answers each with `answer`; no network. */
function fakeClient<T>(answer: unknown): { client: T; inputs: unknown[] } {
  const inputs: unknown[] = [];
  const client = {
    send: (command: { input: unknown }) => {
      inputs.push(command.input);
      return Promise.resolve(answer);
    },
  } as unknown as T;
  return { client, inputs };
}

const BASE = { PLATFORM_ENV: 'dev', ADLS_ACCOUNT_URL: 'https://acct.blob.core.windows.net' };
const IDS = { AZURE_TENANT_ID: 'tenant', AZURE_CLIENT_ID: 'client' };

describe('createCredential', () => {
  it('federated: a client assertion credential, reading nothing from Secrets Manager', async () => {
    const sts = fakeClient<STSClient>({ WebIdentityToken: 'jwt' });
    const secrets = fakeClient<SecretsManagerClient>({});
    const config = loadTransferConfig({ ...BASE, ...IDS });

    const credential = await createCredential(config, {
      sts: sts.client,
      secrets: secrets.client,
    });

    expect(credential.kind === 'token' && credential.credential).toBeInstanceOf(
      ClientAssertionCredential,
    );
    expect(secrets.inputs).toEqual([]);
  });

  it('service-principal: reads the client secret JSON from its ARN', async () => {
    const secrets = fakeClient<SecretsManagerClient>({
      SecretString: JSON.stringify({ clientSecret: 's3cr3t' }),
    });
    const config = loadTransferConfig({
      ...BASE,
      ...IDS,
      ADLS_AUTH_MODE: 'service-principal',
      AZURE_CLIENT_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:sp',
    });

    const credential = await createCredential(config, {
      sts: fakeClient<STSClient>({}).client,
      secrets: secrets.client,
    });

    expect(credential.kind === 'token' && credential.credential).toBeInstanceOf(
      ClientSecretCredential,
    );
    expect(secrets.inputs).toEqual([{ SecretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:sp' }]);
  });

  it('shared-key: reads account name and key, and names a malformed secret without its value', async () => {
    const config = loadTransferConfig({
      PLATFORM_ENV: 'dev',
      ADLS_ACCOUNT_URL: 'http://127.0.0.1:10000/devstoreaccount1',
      ADLS_AUTH_MODE: 'shared-key',
      ADLS_SHARED_KEY_SECRET_ARN: 'arn:key',
    });
    const sts = fakeClient<STSClient>({}).client;

    const good = await createCredential(config, {
      sts,
      secrets: fakeClient<SecretsManagerClient>({
        SecretString: JSON.stringify({ accountName: 'dev', accountKey: 'a2V5' }),
      }).client,
    });
    const missingKey = createCredential(config, {
      sts,
      secrets: fakeClient<SecretsManagerClient>({
        SecretString: JSON.stringify({ accountName: 'dev' }),
      }).client,
    });
    const notJson = createCredential(config, {
      sts,
      secrets: fakeClient<SecretsManagerClient>({ SecretString: 'hunter2' }).client,
    });

    expect(good).toEqual({ kind: 'shared-key', accountName: 'dev', accountKey: 'a2V5' });
    await expect(missingKey).rejects.toThrow(
      new ConfigurationError('Secret arn:key has no "accountKey" string'),
    );
    await expect(notJson).rejects.toThrow('Secret arn:key is not a JSON object');
    await expect(notJson).rejects.not.toThrow(/hunter2/);
  });
});

describe('configuration decisions', () => {
  it('defaults to federated auth, server-side copy and no delete mirroring', () => {
    expect(loadTransferConfig({ ...BASE, ...IDS })).toMatchObject({
      authMode: 'federated',
      copyMode: 'server-side',
      mirrorDeletes: false,
      federationAudience: 'api://AzureADTokenExchange',
    });
  });

  it('refuses shared-key auth against a real account', () => {
    expect(() =>
      loadTransferConfig({
        ...BASE,
        ADLS_AUTH_MODE: 'shared-key',
        ADLS_SHARED_KEY_SECRET_ARN: 'arn:key',
      }),
    ).toThrow('ADLS_AUTH_MODE=shared-key is only allowed against the local emulator');
  });
});

import { inspect } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createBatchHandler } from '../../../../lambdas/s3-to-adls/batch';
import { localAzureTransport } from '@hybrid-lake/localcloud';
import {
  LAMBDA_CONTEXT,
  md5Hex,
  readMirror,
  receiveRecords,
  useLake,
  sqsEvent,
  tempPaths,
  transferDependencies,
  type Observed,
} from './transfer-fixtures';

const { cloud, lake } = useLake();

const CLIENT_ID = '9a4c2e71-6d0b-4f38-8c15-e2b7a9d3f604';
const PRINCIPAL_ID = '3f8d1b6e-a572-4c09-9e4d-7b2c0f5a8e13';
const CLIENT_SECRET = 'local~sP7.vQ2nX9kR4tM8wB3yH6cJ1dF5gL0zA';
const WRONG_SECRET = 'local~stale.Ks3Pq8Vn2Xw7Rt4Ym9Bc6Hd1Jf5L';
const KEY = 'access_events/year=2026/month=03/day=08/hour=18/part-0002.parquet';

/**
 * What the Pulumi program amounts to for service-principal mode: an app registration whose
 * service principal may write the raw file system, with one client secret; the value the
 * function is given sits in Secrets Manager as `{ "clientSecret": … }`.
 */
async function registerApp(storedSecret: string): Promise<string> {
  const identity = cloud().azure.identity;
  identity.addServicePrincipal({
    clientId: CLIENT_ID,
    principalId: PRINCIPAL_ID,
    name: 'hybrid-lake-dev-s3-to-adls',
  });
  identity.addClientSecret(CLIENT_ID, { value: CLIENT_SECRET });
  identity.assignRole({
    principalId: PRINCIPAL_ID,
    role: 'Storage Blob Data Contributor',
    container: 'raw',
  });
  const { ARN } = await new SecretsManagerClient(cloud().clientConfig).send(
    new CreateSecretCommand({
      Name: 'hybrid-lake/dev/adls-client-secret',
      SecretString: JSON.stringify({ clientSecret: storedSecret }),
    }),
  );
  return ARN!;
}

/** Runs the batch handler on every queued record in service-principal mode, shared key off. */
async function transferInServicePrincipalMode(clientSecretArn: string) {
  const records = await receiveRecords(lake());
  const local = localAzureTransport(cloud().azure.endpoint);
  const { deps, config, observed } = transferDependencies(cloud(), lake(), {
    env: {
      ADLS_AUTH_MODE: 'service-principal',
      AZURE_TENANT_ID: cloud().azure.identity.tenantId,
      AZURE_CLIENT_ID: CLIENT_ID,
      AZURE_CLIENT_SECRET_ARN: clientSecretArn,
    },
    azureOptions: {
      accountUrl: local.storageEndpoint,
      credentialOptions: { authorityHost: local.authorityHost, agent: local.agent },
      storageOptions: local.storageOptions,
    },
  });
  cloud().azure.setSharedKeyAccess(false);
  try {
    const result = await createBatchHandler(deps)(sqsEvent(records), LAMBDA_CONTEXT);
    return { records, result, config, observed };
  } finally {
    cloud().azure.setSharedKeyAccess(true);
  }
}

/** Every log line and metric, errors and their causes included, as one searchable text. */
function everythingObserved(observed: Observed): string {
  return inspect({ logs: observed.logs, metrics: observed.metrics }, { depth: null });
}

describe('service principal (client secret from Secrets Manager)', () => {
  it('copies with a ClientSecretCredential token, shared key disabled', async () => {
    const arn = await registerApp(CLIENT_SECRET);
    await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: 'principal' }));

    const { result, config, observed } = await transferInServicePrincipalMode(arn);

    expect(config.authMode).toBe('service-principal');
    expect(result.batchItemFailures).toEqual([]);
    expect(await readMirror(cloud(), 'raw', KEY)).toMatchObject({
      md5: md5Hex(Buffer.from('principal')),
      metadata: expect.objectContaining({ source_bucket: lake().raw }),
    });
    expect(everythingObserved(observed)).not.toContain(CLIENT_SECRET);
  });

  it('fails the record when the stored secret is wrong, writes nothing and never logs it', async () => {
    const arn = await registerApp(WRONG_SECRET);
    await lake().s3.send(new PutObjectCommand({ Bucket: lake().raw, Key: KEY, Body: 'principal' }));

    const { records, result, observed } = await transferInServicePrincipalMode(arn);
    const seen = everythingObserved(observed);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: records[0]!.messageId }]);
    expect(await readMirror(cloud(), 'raw', KEY)).toBeUndefined();
    expect(await tempPaths(cloud(), 'raw')).toEqual([]);
    expect(observed.sum('Failures')).toBe(1);
    // The failure is explained (Entra's code reaches the logs), the secrets are not.
    expect(seen).toContain('AADSTS7000215');
    expect(seen).not.toContain(WRONG_SECRET);
    expect(seen).not.toContain(CLIENT_SECRET);
  });
});
